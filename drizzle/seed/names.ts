// Names and places shared by staff, suppliers and residents: plainly synthetic, in the
// style of Somerset and the Avon and Somerset force area.
import type { Rng } from './random.js';

export const GIVEN_NAMES = [
  'Oliver',
  'George',
  'Harry',
  'Jack',
  'Jacob',
  'Noah',
  'Charlie',
  'Thomas',
  'Oscar',
  'William',
  'James',
  'Leo',
  'Alfie',
  'Henry',
  'Joshua',
  'Daniel',
  'Samuel',
  'Joseph',
  'David',
  'Michael',
  'Paul',
  'Mark',
  'Richard',
  'Peter',
  'Andrew',
  'Olivia',
  'Amelia',
  'Isla',
  'Ava',
  'Emily',
  'Sophie',
  'Grace',
  'Lily',
  'Freya',
  'Ella',
  'Mia',
  'Chloe',
  'Jessica',
  'Ruby',
  'Lucy',
  'Sarah',
  'Emma',
  'Hannah',
  'Rebecca',
  'Claire',
  'Helen',
  'Karen',
  'Susan',
  'Rachel',
  'Laura',
];

export const FAMILY_NAMES = [
  'Smith',
  'Jones',
  'Williams',
  'Taylor',
  'Brown',
  'Davies',
  'Evans',
  'Wilson',
  'Thomas',
  'Johnson',
  'Roberts',
  'Robinson',
  'Thompson',
  'Wright',
  'Walker',
  'White',
  'Edwards',
  'Hughes',
  'Green',
  'Hall',
  'Lewis',
  'Harris',
  'Clarke',
  'Patel',
  'Jackson',
  'Wood',
  'Turner',
  'Martin',
  'Cooper',
  'Hill',
  'Ward',
  'Morris',
  'Moore',
  'Clark',
  'Lee',
  'King',
  'Baker',
  'Harrison',
  'Morgan',
  'Allen',
  'James',
  'Scott',
  'Phillips',
  'Watson',
  'Davis',
  'Parker',
  'Price',
  'Bennett',
  'Young',
  "O'Brien",
];

export const STREETS = [
  'Station Road',
  'High Street',
  'Church Lane',
  'Mill Lane',
  'Park Road',
  'Victoria Street',
  'Orchard Close',
  'Queens Road',
  'Kingston Road',
  'Priory Avenue',
  'Quantock Road',
  'Mendip Close',
  'Blackdown View',
  'Tone Way',
  'Parrett Close',
  'Westfield Road',
  'Eastover',
  'North Street',
  'South Road',
  'Greenway',
  'Cheddon Road',
  'Wellington Road',
  'Hamilton Road',
  'Cranleigh Gardens',
  'Hillside Drive',
  'Meadow Way',
  'Brook Street',
  'Castle Street',
  'Silver Street',
  'Elm Grove',
];

/** Local: the Taunton Deane area; county: elsewhere in Somerset; avon: Bristol, Bath and North Somerset. */
type Area = 'local' | 'county' | 'avon';

export type Towns = readonly { town: string; districts: readonly string[]; area: Area }[];

const TOWNS: Towns = [
  { town: 'Taunton', districts: ['TA1', 'TA2', 'TA3'], area: 'local' },
  { town: 'Wellington', districts: ['TA21'], area: 'local' },
  { town: 'Wiveliscombe', districts: ['TA4'], area: 'local' },
  { town: 'Bishops Lydeard', districts: ['TA4'], area: 'local' },
  { town: 'Bridgwater', districts: ['TA5', 'TA6', 'TA7'], area: 'county' },
  { town: 'Minehead', districts: ['TA24'], area: 'county' },
  { town: 'Burnham-on-Sea', districts: ['TA8'], area: 'county' },
  { town: 'Chard', districts: ['TA20'], area: 'county' },
  { town: 'Crewkerne', districts: ['TA18'], area: 'county' },
  { town: 'Yeovil', districts: ['BA20', 'BA21', 'BA22'], area: 'county' },
  { town: 'Frome', districts: ['BA11'], area: 'county' },
  { town: 'Wells', districts: ['BA5'], area: 'county' },
  { town: 'Glastonbury', districts: ['BA6'], area: 'county' },
  { town: 'Street', districts: ['BA16'], area: 'county' },
  { town: 'Shepton Mallet', districts: ['BA4'], area: 'county' },
  { town: 'Bath', districts: ['BA1', 'BA2'], area: 'avon' },
  { town: 'Bristol', districts: ['BS1', 'BS3', 'BS4', 'BS5', 'BS7', 'BS13', 'BS16'], area: 'avon' },
  { town: 'Weston-super-Mare', districts: ['BS22', 'BS23', 'BS24'], area: 'avon' },
  { town: 'Clevedon', districts: ['BS21'], area: 'avon' },
  { town: 'Keynsham', districts: ['BS31'], area: 'avon' },
];

const townsIn = (areas: readonly Area[]): Towns => TOWNS.filter((t) => areas.includes(t.area));
export const LOCAL_TOWNS = townsIn(['local']);
export const SOMERSET_TOWNS = townsIn(['local', 'county']);
export const FORCE_TOWNS = TOWNS;

// Letters used in the inward part of real postcodes (never C, I, K, M, O or V).
const POSTCODE_LETTERS = [...'ABDEFGHJLNPQRSTUWXYZ'];

interface Address {
  line1: string;
  town: string;
  postcode: string;
}

export function address(rng: Rng, towns: Towns): Address {
  const place = rng.pick(towns);
  const inward = `${rng.int(1, 9)}${rng.pick(POSTCODE_LETTERS)}${rng.pick(POSTCODE_LETTERS)}`;
  return { line1: `${rng.int(1, 180)} ${rng.pick(STREETS)}`, town: place.town, postcode: `${rng.pick(place.districts)} ${inward}` };
}

/** Turns a name into the local part of an e-mail address: O'Brien becomes obrien. */
export const emailPart = (name: string): string => name.toLowerCase().replace(/[^a-z]/g, '');
