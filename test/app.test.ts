// The web app (app/) in a real browser: Debian's Chromium driven by playwright-core, against
// the test hub's real subgraphs behind a gateway that serves the app from its sources, as
// `npm start` does. Each of the three users does the day's task; the tests check what is
// shown and what is restricted, and that nothing is logged to the console. A screenshot of
// each screen goes to .data/screenshots/ (docs/screenshots/ with APP_SCREENSHOTS=docs).
// Without Chromium the file is skipped and says so.
import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../gateway/hub.js';
import { PERSONAS, type PersonaName, tokenFor } from '../platform/personas.js';
import { sql } from 'drizzle-orm';
import { SCC_SAFEGUARDING_AGREEMENT } from '../drizzle/seed/agreements.js';
import { asPersona, gatewayOver, graphql, sqlRows, testConfig, testHub } from './support/hub.js';
import { type TcpProxy, tcpProxy } from './support/tcp-proxy.js';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path));
const SCREENSHOTS = process.env.APP_SCREENSHOTS === 'docs' ? 'docs/screenshots' : '.data/screenshots';

if (!CHROMIUM) {
  process.stderr.write('test/app.test.ts: SKIPPED, Chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH)\n');
}

let hub: RunningHub;
let gateway: { url: string; stop(): Promise<void> };
/** The finance subgraph, behind a proxy a test can cut: a subgraph that goes down. */
let finance: TcpProxy;
let origin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** What the page logged as an error or warning, and uncaught exceptions: each test expects none unless it says which. */
let consoleProblems: string[];

beforeAll(async () => {
  if (!CHROMIUM) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  hub = await testHub();
  finance = await tcpProxy(hub.subgraphs.finance.url, 80);
  // As deployed: the reporting account may run persisted operations only.
  gateway = await gatewayOver(hub, {
    app: { from: 'sources' },
    subgraphUrls: { finance: finance.url },
    settings: { PERSISTED_ONLY_CLIENTS: 'scope:reporting' },
  });
  origin = new URL(gateway.url).origin;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  // Vite prepares the app's dependencies on the first request: before the first test's clock starts.
  const warm = await browser.newPage();
  await warm.goto(`${origin}/app/`);
  await warm.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 120_000 });
  await warm.close();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  await finance?.close();
});

async function newPage(): Promise<Page> {
  context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'en-GB', timezoneId: 'Europe/London' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  consoleProblems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleProblems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleProblems.push(`uncaught: ${error.message}`));
  await page.goto(`${origin}/app/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  return page;
}

afterEach(async () => {
  await context?.close();
});

const screenshot = (name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });

/** Signs in as a persona by clicking, as most users will. */
async function signInAs(persona: PersonaName): Promise<void> {
  await page.getByLabel(PERSONAS[persona].displayName, { exact: false }).check();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Presses Tab until the focused element matches, as a keyboard user moves through a page. */
async function tabTo(selector: string, most = 80): Promise<void> {
  for (let i = 0; i < most; i += 1) {
    await page.keyboard.press('Tab');
    if ((await page.locator(`${selector}:focus`).count()) > 0) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

const restrictedTags = () => page.locator('.govuk-tag', { hasText: 'Restricted' });

/** Waits until the error summary, which GOV.UK pages put first and focus, lists these messages. */
async function expectErrorSummary(messages: string[]): Promise<void> {
  await expect.poll(() => page.locator('.govuk-error-summary li').allInnerTexts()).toEqual(messages);
}

describe.skipIf(!CHROMIUM)(`the web app in Chromium${CHROMIUM ? '' : ' (skipped: Chromium is not installed)'}`, () => {
  it('contact centre, by keyboard only: signs in, pages through cases, filters them by status, opens a case, notes it, meets a stale version, moves and closes it', async () => {
    await newPage();
    await screenshot('sign-in');
    // Keyboard only: the persona radios are one tab stop; arrows choose; Enter submits.
    await tabTo('input[name="persona"]');
    await page.keyboard.press('Space');
    const order = Object.keys(PERSONAS);
    for (let i = 0; i < order.indexOf('contact-centre'); i += 1) await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel(PERSONAS['contact-centre'].displayName, { exact: false }).isChecked()).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Contact cases' }).waitFor();
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(10);
    const firstPage = await rows.locator('td:first-child').allInnerTexts();
    await screenshot('contact-cases');

    // The next page by the hub's cursor, and back.
    await tabTo('a[rel="next"]');
    await page.keyboard.press('Enter');
    await page.locator('a[rel="prev"]').waitFor();
    await expect.poll(() => rows.locator('td:first-child').allInnerTexts()).not.toEqual(firstPage);
    const secondPage = await rows.locator('td:first-child').allInnerTexts();
    expect(secondPage.filter((reference) => firstPage.includes(reference))).toEqual([]);
    await page.locator('a[rel="prev"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.locator('td:first-child').allInnerTexts()).toEqual(firstPage);

    // Filtered by status, by the hub: every case shown is resolved, and the next page too.
    await page.locator('#status-RESOLVED').focus();
    await page.keyboard.press('Space');
    await tabTo('button:has-text("Apply filter")');
    await page.keyboard.press('Enter');
    await page.locator('caption', { hasText: 'Resolved, newest first' }).waitFor();
    await expect.poll(() => rows.locator('td:nth-child(3)').allInnerTexts()).toEqual(Array(10).fill('Resolved'));
    await page.locator('a[rel="next"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('a[rel="prev"]').waitFor();
    await expect.poll(async () => new Set(await rows.locator('td:nth-child(3)').allInnerTexts())).toEqual(new Set(['Resolved']));
    await page.locator('#status-RESOLVED').focus();
    await page.keyboard.press('Space');
    await tabTo('button:has-text("Apply filter")');
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.locator('td:first-child').allInnerTexts()).toEqual(firstPage);

    // Open a case: an empty form is refused by the hub, field by field, in an error summary.
    await page.locator('a', { hasText: 'Open a case' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open a case' }).waitFor();
    await page.locator('#given-name').focus();
    await page.keyboard.type('Ada');
    await tabTo('button[type="submit"]');
    await page.keyboard.press('Enter');
    await expectErrorSummary([
      'Last name must not be empty',
      'Address line 1 must not be empty',
      'Town must not be empty',
      'Postcode must be a UK postcode such as TA1 1HE',
      'Select the service the contact is about',
      'Summary must not be empty',
    ]);
    expect(await page.locator('.govuk-error-summary:focus').count()).toBe(1);
    expect(await page.locator('#family-name-error').textContent()).toBe('Error: Last name must not be empty');
    expect(await page.locator('#given-name').inputValue()).toBe('Ada');
    await screenshot('open-case-errors');
    // Following a message's link puts the cursor in its field.
    await page.locator('.govuk-error-summary a', { hasText: 'Must be a UK postcode' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('#postcode:focus').count()).toBe(1);
    const familyName = `Keyboard-${Date.now()}`;
    for (const [id, text] of [
      ['family-name', familyName],
      ['line1', '12 Canon Street'],
      ['town', 'Taunton'],
      ['postcode', 'TA1 1SW'],
      ['summary', 'Deep pothole outside 12 Canon Street'],
    ]) {
      await page.locator(`#${id}`).focus();
      await page.keyboard.type(text!);
    }
    await page.locator('#service').focus();
    await page.keyboard.press('ArrowDown');
    await tabTo('button[type="submit"]');
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { name: /^Case SCC-/ });
    await heading.waitFor();
    expect(await heading.innerText()).toMatch(/^Case SCC-\d{4}-\d+\s+Open$/);
    const caseId = new URL(page.url()).hash.split('/').pop()!;

    // A note, by keyboard; empty first, which the hub refuses against the field.
    await page.locator('#note-body').focus();
    await tabTo('button:has-text("Add note")');
    await page.keyboard.press('Enter');
    await expectErrorSummary(['The note must not be empty']);
    await page.locator('#note-body').focus();
    await page.keyboard.type('About 10 cm deep; cyclists are swerving round it.');
    await tabTo('button:has-text("Add note")');
    await page.keyboard.press('Enter');
    await page.getByText('Your note was added.').waitFor();
    expect(await page.locator('ol.govuk-list li').allInnerTexts()).toEqual([expect.stringContaining('About 10 cm deep; cyclists are swerving round it.')]);
    expect(await page.locator('#note-body').inputValue()).toBe('');
    await screenshot('case');

    // Someone else moves the case meanwhile: the move from this page is refused CONFLICT, the
    // page shows the case as it is now and keeps the choice, and the retry goes through.
    const elsewhere = await graphql(
      gateway.url,
      'mutation($input: MoveContactCaseInput!) { moveContactCase(input: $input) { version } }',
      { input: { caseId, version: 2, status: 'AWAITING_CUSTOMER' } },
      await asPersona('contact-centre'),
    );
    expect(elsewhere.body).toEqual({ data: { moveContactCase: { version: 3 } } });
    await page.locator('#move-status').focus();
    await page.locator('#move-status').selectOption('IN_PROGRESS');
    await page.locator('button', { hasText: 'Move case' }).focus();
    await page.keyboard.press('Enter');
    await expectErrorSummary(['Someone else changed this case after you opened it. The case below is as it is now: check it, then try again.']);
    await expect.poll(() => heading.innerText()).toMatch(/Awaiting customer$/);
    expect(await page.locator('#move-status').inputValue()).toBe('IN_PROGRESS');
    await screenshot('case-conflict');
    await page.locator('button', { hasText: 'Move case' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('The case was moved to in progress.').waitFor();
    await expect.poll(() => heading.innerText()).toMatch(/In progress$/);

    // Closing comes once the case is resolved.
    expect(await page.locator('#close-outcome').count()).toBe(0);
    await page.locator('#move-status').selectOption('RESOLVED');
    await page.locator('button', { hasText: 'Move case' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => heading.innerText()).toMatch(/Resolved$/);
    await page.locator('#close-outcome').focus();
    await page.locator('#close-outcome').selectOption('REFERRED');
    await page.locator('#close-note').focus();
    await page.keyboard.type('Passed to Highways for repair.');
    await page.locator('button', { hasText: 'Close case' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('The case was closed.').waitFor();
    await expect.poll(() => heading.innerText()).toMatch(/Closed$/);
    expect(await page.locator('.govuk-summary-list__row', { hasText: 'Outcome note' }).innerText()).toContain('Passed to Highways for repair.');
    expect(await page.locator('#note-body').count()).toBe(0);
    expect(consoleProblems.filter((text) => !/status of 400/.test(text))).toEqual([]);
  }, 120_000);

  it('police analyst: states a purpose first, sees police contacts, and a council case disclosed to the force marked as shared', async () => {
    await newPage();
    await signInAs('police-analyst');
    await page.getByRole('heading', { name: 'Police contacts' }).waitFor();
    // No police data before a purpose: the page asks, and says what it is for.
    expect(await page.locator('table').count()).toBe(0);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectErrorSummary(['Enter why you need police data, or a case reference']);
    await screenshot('police-purpose');
    // The hub refuses a purpose longer than 200 characters: shown against the field, text kept.
    const tooLong = `Safeguarding review of repeat callers in Taunton – ${'x'.repeat(160)}`;
    await page.locator('#purpose').fill(tooLong);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectErrorSummary(['X-Purpose must be at most 200 characters']);
    expect(await page.locator('#purpose').inputValue()).toBe(tooLong);

    const purpose = 'Safeguarding review – incident 4471';
    const sentPurposes: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql')) sentPurposes.push(request.headers()['x-purpose'] ?? '');
    });
    await page.locator('#purpose').fill(purpose);
    await page.getByRole('button', { name: 'Continue' }).click();
    const rows = page.locator('#police-cases tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(10);
    expect(await page.locator('#police-cases tbody tr td:first-child').allInnerTexts()).toEqual(
      Array(10).fill(expect.stringMatching(/^ASP-(101|CR)-\d{4}-\d{6}$/)),
    );
    expect(await restrictedTags().count()).toBe(0);
    // The purpose travels as UTF-8 bytes, which the hub reads back as text.
    expect(sentPurposes.length).toBeGreaterThan(0);
    expect(sentPurposes.map((sent) => Buffer.from(sent, 'latin1').toString('utf8'))).toEqual(Array(sentPurposes.length).fill(purpose));
    await screenshot('police-contacts');

    // A council case the council did not refer is refused; one it referred opens, marked as shared.
    const [{ referred, notReferred }] = (await sqlRows<{ referred: string; notReferred: string }>(sql`
      select (select reference from contacts.contact_case c where organisation_code = 'E10000027'
                and exists (select 1 from contacts.case_disclosure d where d.case_id = c.id and d.agreement_id = ${SCC_SAFEGUARDING_AGREEMENT})
                order by reference limit 1) as "referred",
             (select reference from contacts.contact_case c where organisation_code = 'E10000027'
                and not exists (select 1 from contacts.case_disclosure d where d.case_id = c.id) order by reference limit 1) as "notReferred"`)) as [
      { referred: string; notReferred: string },
    ];
    await page.locator('#shared-reference').fill(notReferred);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expectErrorSummary([`No case you may see has the reference ${notReferred}`]);
    expect(await page.locator('#shared-reference').inputValue()).toBe(notReferred);
    await page.locator('#shared-reference').fill(referred);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('heading', { name: `Case ${referred}` }).waitFor();
    expect(await page.locator('.govuk-inset-text').innerText()).toBe('Shared with you under an information-sharing agreement by Somerset County Council.');
    expect(await page.locator('.govuk-summary-list__row', { hasText: 'Summary' }).first().innerText()).not.toContain('Restricted');
    // Police may read a shared case, never change it.
    expect(await page.locator('#note-body').count()).toBe(0);
    await screenshot('police-shared-case');
    expect(consoleProblems.filter((text) => !/status of 400/.test(text))).toEqual([]);
  }, 90_000);

  it('HR: the staff directory and a profile, where what the adviser may not read shows as restricted', async () => {
    await newPage();
    await signInAs('council-hr');
    await page.getByRole('heading', { name: 'Staff directory' }).waitFor();
    await expect.poll(() => page.locator('.govuk-caption-l').innerText()).toBe('Taunton Deane Borough Council');
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(20);
    await screenshot('staff-directory');
    await rows.first().locator('a').click();
    await page.getByRole('heading', { name: 'Cost centres managed' }).waitFor();
    // Finance, procurement and contacts are not HR's: each section says so, the rest is shown.
    expect(await restrictedTags().count()).toBe(3);
    expect(await page.locator('.govuk-summary-list__row', { hasText: 'Job title' }).innerText()).not.toContain('Restricted');
    await screenshot('profile-hr');
    await page.getByRole('link', { name: 'View personal details' }).click();
    await page.getByRole('heading', { name: 'Personal details' }).waitFor();
    await expect.poll(() => page.locator('.govuk-summary-list__row', { hasText: 'National Insurance number' }).innerText()).toMatch(/QQ \d\d \d\d \d\d [A-D]$/);
    expect(await restrictedTags().count()).toBe(0);
    await screenshot('personal-details-hr');
    expect(consoleProblems).toEqual([]);
  }, 60_000);

  it('the service manager reads the flagship profile across the four subgraphs in full, and personal data not at all', async () => {
    const manager = await budgetHolderWithEverything();
    await newPage();
    await signInAs('service-manager');
    await page.getByRole('heading', { name: 'Staff directory' }).waitFor();
    await page.goto(`${origin}/app/#/people/${manager.id}`);
    await page.getByRole('heading', { name: manager.displayName }).waitFor();
    await page.locator('h3').first().waitFor();
    expect(await restrictedTags().count()).toBe(0);
    expect(await page.locator('h3').count()).toBe(manager.costCentres);
    expect(await page.locator('#orders-raised li').count()).toBeGreaterThan(0);
    expect(await page.locator('#cases-assigned li').count()).toBeGreaterThan(0);
    await screenshot('profile-service-manager');
    await page.getByRole('link', { name: 'View personal details' }).click();
    await page.getByRole('heading', { name: 'Personal details' }).waitFor();
    await expect.poll(() => restrictedTags().count()).toBe(4);
    expect(consoleProblems).toEqual([]);
  }, 60_000);
});

describe.skipIf(!CHROMIUM)(`the web app when things go wrong${CHROMIUM ? '' : ' (skipped: Chromium is not installed)'}`, () => {
  it('an expired token sends the user back to sign in, saying why', async () => {
    await newPage();
    const expired = await tokenFor('council-hr', testConfig(), { now: Date.now() - 3_600_000, expiresInSeconds: 60 });
    await page.getByText('Signing in with your organisation’s identity provider').click();
    await page.locator('#token').fill(expired);
    await page.getByRole('button', { name: 'Sign in with this token' }).click();
    await page.getByText('Your sign-in has expired or is no longer accepted. Sign in again to carry on.').waitFor();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot('signed-out-expired');
    expect(consoleProblems).toEqual(['error: Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
  });

  it('a network failure and a rate-limited answer each say so and keep what was typed', async () => {
    await newPage();
    await signInAs('contact-centre');
    await page.locator('table tbody tr').first().waitFor();
    await page.locator('#reference').fill('SCC-2026-000001');
    // What a network or a proxy in front of the hub does: the hub itself is not replaced.
    await page.route('**/graphql', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Find' }).click();
    await expectErrorSummary(['The hub could not be reached. Check your connection, then try again.']);
    expect(await page.locator('#reference').inputValue()).toBe('SCC-2026-000001');
    await page.unroute('**/graphql');
    await page.route('**/graphql', (route) =>
      route.fulfill({ status: 429, headers: { 'retry-after': '60', 'content-type': 'text/plain' }, body: 'Too Many Requests' }),
    );
    await page.getByRole('button', { name: 'Find' }).click();
    await expect
      .poll(() => page.locator('.govuk-error-summary li').allInnerTexts())
      .toEqual(['Too many requests have been sent in a short time. Wait a minute, then try again.']);
    expect(await page.locator('#reference').inputValue()).toBe('SCC-2026-000001');
    await screenshot('rate-limited');
  });

  it('a subgraph that is down leaves its part of the profile "not available" and shows the rest', async () => {
    const manager = await budgetHolderWithEverything();
    await newPage();
    await signInAs('service-manager');
    await page.getByRole('heading', { name: 'Staff directory' }).waitFor();
    finance.cut();
    try {
      await page.goto(`${origin}/app/#/people/${manager.id}`);
      await page.getByText('Some of this profile cannot be shown: the finance service is unavailable.').waitFor();
      expect(await page.getByRole('heading', { name: manager.displayName }).count()).toBe(1);
      expect(await page.locator('.govuk-tag', { hasText: 'Not available' }).count()).toBe(1);
      expect(await page.locator('#orders-raised li').count()).toBeGreaterThan(0);
      expect(await restrictedTags().count()).toBe(0);
      await screenshot('profile-finance-unavailable');
    } finally {
      finance.restore();
    }
  });

  it('an account that may run persisted operations only is told so', async () => {
    await newPage();
    await signInAs('reporting-service');
    await expectErrorSummary([
      'Your account may run only the hub’s registered reporting operations, so this page cannot be shown to it. Sign in as a member of staff.',
    ]);
  });
});

/** A Somerset budget holder with cost centres, orders raised and cases assigned: the flagship profile's subject. */
async function budgetHolderWithEverything(): Promise<{ id: string; displayName: string; costCentres: number }> {
  const response = await graphql<{ costCentres: { edges: { node: { manager: { id: string } | null } }[] } }>(
    gateway.url,
    '{ costCentres(organisation: "E10000027", first: 50) { edges { node { manager { id } } } } }',
    {},
    await asPersona('service-manager'),
  );
  const ids = [...new Set(response.body.data!.costCentres.edges.flatMap(({ node }) => (node.manager ? [node.manager.id] : [])))];
  for (const id of ids) {
    const profile = await graphql<{
      person: { displayName: string; costCentresManaged: unknown[]; ordersRaised: { edges: unknown[] }; casesAssigned: { edges: unknown[] } };
    }>(
      gateway.url,
      'query($id: ID!) { person(id: $id) { displayName costCentresManaged { code } ordersRaised(first: 1) { edges { cursor } } casesAssigned(first: 1) { edges { cursor } } } }',
      { id },
      await asPersona('service-manager'),
    );
    const person = profile.body.data?.person;
    if (person && person.ordersRaised.edges.length > 0 && person.casesAssigned.edges.length > 0) {
      return { id, displayName: person.displayName, costCentres: person.costCentresManaged.length };
    }
  }
  throw new Error('no Somerset budget holder has orders and cases in the seed');
}
