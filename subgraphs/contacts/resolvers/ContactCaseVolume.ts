import type { ContactCaseVolumeResolvers } from '../generated/resolvers.js';

export const ContactCaseVolume: ContactCaseVolumeResolvers = {
  organisation: (group) => (group.organisationCode ? { code: group.organisationCode } : null),
  service: (group) => (group.serviceCode && group.serviceName ? { code: group.serviceCode, name: group.serviceName } : null),
};
