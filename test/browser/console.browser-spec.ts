import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { aBuyer, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv, PLATFORM_ADMIN, TEST_PASSWORD } from '../support/factories';
import { aFeeSchedule, aPartner } from '../support/marketplace';
import { placementCsv } from '../support/placement-csv';
import type { TestApp } from '../support/test-app';
import { consoleApp, describeInBrowser, DESKTOP, expectText, launchChromium, pageErrors, PHONE, refreshes, screenshot, seriousViolations, signIn } from './browser';

// The page's document, inside page.waitForFunction callbacks (the test program has no DOM library).
declare const document: { querySelector(selector: string): { textContent: string | null; value?: number } | null };

const ROWS = 40;

/** A placement file of ROWS good rows in the agency's region and one the API refuses. */
function placementFile(): string {
  const stamp = Date.now();
  const good = Array.from({ length: ROWS }, (_, i) => ({
    external_ref: `BR-${stamp}-${i}`,
    product: 'auto_loan',
    currency: 'USD',
    principal: String(500_000 + i * 1_000),
    origination_date: '2021-03-15',
    first_missed_due_date: '2024-01-01',
    borrower_name: `Borrower ${i}`,
    borrower_phone: '+14155550123',
    borrower_timezone: 'America/Chicago',
    borrower_region: 'US-TX',
  }));
  const bad = { ...good[0]!, external_ref: `BR-${stamp}-bad`, principal: 'lots' };
  const path = join(mkdtempSync(join(tmpdir(), 'reclaim-placement-')), 'book.csv');
  writeFileSync(path, placementCsv([...good, bad]));
  return path;
}

/**
 * The console in Debian's Chromium against the real app (PostgreSQL, Redis, queues): the lender
 * places cases and watches the import, drafts, previews and publishes a listing; an agency on a
 * phone bids (first refused field by field, then accepted); the lender compares and awards; the
 * agency accepts the job. Every main page passes axe-core without serious or critical findings.
 */
describeInBrowser('the web console in a browser', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let lender: OrgSession;
  let agency: OrgSession;
  const accessibility: string[] = [];
  const audited: string[] = [];
  const audit = async (page: Page) => {
    audited.push(new URL(page.url()).pathname);
    accessibility.push(...(await seriousViolations(page)));
  };

  beforeAll(async () => {
    // Access tokens that last 31 s: the console refreshes 30 s before expiry, so every session here
    // refreshes silently, often, with requests in parallel (single-use refresh tokens: a second use
    // of one would sign the session out and fail the test).
    ({ t, baseUrl } = await consoleApp({ ...platformAdminEnv(), JWT_ACCESS_TTL_SECONDS: '31' }));
    const admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    await aFeeSchedule(t, lender);
    agency = await aPartner(t, admin, { capabilities: ['soft_collection'], regions: ['US-TX'] });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('takes a placement from upload to an accepted job', async () => {
    const { page: lenderPage } = await signIn(browser, baseUrl, lender.email, TEST_PASSWORD);
    await lenderPage.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await audit(lenderPage);
    await screenshot(lenderPage, 'lender-dashboard');

    // Placement: the progress bar is fed by GET /v1/imports/:id until the import completes.
    await lenderPage.getByRole('link', { name: 'Placement' }).click();
    await lenderPage.getByLabel('Placement file (CSV)').setInputFiles(placementFile());
    await lenderPage.getByRole('button', { name: 'Upload' }).click();
    const progress = lenderPage.locator('progress');
    await progress.waitFor();
    await lenderPage.waitForFunction(() => (document.querySelector('progress')?.value ?? 0) === 100, undefined, { timeout: 30_000 });
    await expectText(lenderPage, 'import-percent', /^100 % · Status: Completed/);
    await lenderPage.getByText(`Created ${ROWS}, updated 0, unchanged 0, rejected 1`).waitFor();
    await lenderPage.getByRole('button', { name: 'Download the rejected rows (CSV)' }).waitFor();
    await audit(lenderPage);

    // The cases arrived; the list filters by the API's own parameters.
    await lenderPage.getByRole('link', { name: 'Cases' }).click();
    await lenderPage.getByLabel('Status').selectOption('new');
    await lenderPage.getByRole('button', { name: 'Apply' }).click();
    await lenderPage.getByRole('link', { name: /^BR-/ }).first().waitFor();
    await audit(lenderPage);

    // A listing as a draft, previewed as partners will see it, then published.
    await lenderPage.getByRole('link', { name: 'Listings' }).click();
    await lenderPage.getByRole('link', { name: 'New listing' }).click();
    await lenderPage.getByLabel('Title').fill('Texas early collections');
    await lenderPage.getByLabel('Description').fill('Forty auto loans, first missed payment January 2024.');
    const caseOptions = lenderPage.getByLabel('Cases (select one or more)').locator('option');
    await caseOptions.nth(ROWS - 1).waitFor({ state: 'attached' });
    await lenderPage.getByLabel('Cases (select one or more)').selectOption(await caseOptions.evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value)));
    await lenderPage.getByLabel('Bids close').fill(localDateTime(new Date(Date.now() + 3 * 3_600_000)));
    await lenderPage.getByLabel('Highest contingency (basis points)').fill('3000');
    await audit(lenderPage);
    await lenderPage.getByRole('button', { name: 'Save as draft' }).click();
    await expectText(lenderPage, 'listing-status', 'Draft');
    await lenderPage.getByRole('heading', { name: 'What partners will see' }).waitFor();
    await lenderPage.getByText(`${ROWS} cases`).waitFor();
    await lenderPage.getByRole('button', { name: 'Publish' }).click();
    await expectText(lenderPage, 'listing-status', 'Open');
    const listingUrl = lenderPage.url();

    // The agency, on a phone: the listing, a refused bid with its field error, then a good bid.
    const { page: agencyPage } = await signIn(browser, baseUrl, agency.email, TEST_PASSWORD, PHONE);
    await agencyPage.getByRole('link', { name: 'Texas early collections' }).click();
    await agencyPage.getByRole('heading', { name: 'Place a bid' }).waitFor();
    await audit(agencyPage);
    await agencyPage.getByLabel('Contingency (basis points, 2500 = 25 %)').fill('20000');
    await agencyPage.getByRole('button', { name: 'Bid', exact: true }).click();
    const contingency = agencyPage.getByLabel('Contingency (basis points, 2500 = 25 %)');
    await agencyPage.waitForFunction(() => document.querySelector('input[aria-invalid="true"]') !== null);
    expect(await contingency.getAttribute('aria-invalid')).toBe('true');
    expect(await agencyPage.locator('.field-error').first().textContent()).toMatch(/contingency_bps/);
    await contingency.fill('2000');
    await agencyPage.getByRole('button', { name: 'Bid', exact: true }).click();
    await agencyPage.getByText('Your bid is in: Live.').waitFor();
    await screenshot(agencyPage, 'agency-listing-phone');

    // The lender compares the bid by its score breakdown and awards it.
    await lenderPage.goto(listingUrl);
    await lenderPage.getByRole('heading', { name: 'Bids' }).waitFor();
    await lenderPage.getByText('Score breakdown').waitFor();
    await audit(lenderPage);
    await screenshot(lenderPage, 'lender-bids');
    await lenderPage.getByRole('button', { name: 'Award to this bid' }).click();
    await lenderPage.getByText('Awarded: 1 job(s) offered.').waitFor();
    await lenderPage.getByRole('link', { name: 'Partners' }).click();
    await lenderPage.getByRole('heading', { name: 'Partner directory' }).waitFor();
    await audit(lenderPage);

    // The agency sees the offer in its inbox and accepts the job.
    await agencyPage.goto('/jobs');
    await expectText(agencyPage, 'job-status', 'Offered');
    await agencyPage.waitForFunction(() => Number(document.querySelector('[data-testid="unread-count"]')?.textContent) > 0, undefined, { timeout: 15_000 });
    await audit(agencyPage);
    await screenshot(agencyPage, 'agency-jobs-phone');
    await agencyPage.getByRole('button', { name: 'Accept' }).click();
    await expectText(agencyPage, 'job-status', 'Accepted');

    // On the job page the agency logs a call it made at 03:00 in the borrower's zone: the compliance
    // check says when it would be allowed (shown in the borrower's zone; the phone's area code adds
    // the Pacific zone, so it is later than 08:00 Chicago), and the refusal shows the window rule.
    await agencyPage.getByRole('link', { name: /Texas early collections/ }).first().click();
    await agencyPage.getByRole('heading', { name: 'Contact attempt' }).waitFor();
    await agencyPage.getByLabel('When').fill(localDateTime(lastLocalHour(3, 'America/Chicago')));
    await agencyPage.getByText(/^Not before .* \(America\/Chicago\) borrower time\.$/).waitFor();
    await agencyPage.getByRole('button', { name: 'Log the attempt' }).click();
    await agencyPage.locator('.form-problems').getByText(/: 03:00 on .* in America\/Chicago \(address\) is outside 08:00–21:00$/).waitFor();
    await audit(agencyPage);
    await screenshot(agencyPage, 'agency-job-phone');
    await agencyPage.getByRole('link', { name: 'Statements' }).click();
    await agencyPage.getByRole('heading', { name: 'Partner statements' }).waitFor();
    await audit(agencyPage);
    await agencyPage.getByRole('link', { name: 'Payout account' }).click();
    await agencyPage.getByText('No payout account yet.').waitFor();
    await audit(agencyPage);

    // The borrower pays: the lender confirms it on the case, and its ledger shows what it owes the agency.
    await lenderPage.getByRole('link', { name: 'Cases' }).click();
    await lenderPage.getByRole('link', { name: /^BR-/ }).first().click();
    await lenderPage.getByLabel('Amount (USD)').fill('100.00');
    await lenderPage.getByLabel('Reference').fill('ACH-20260115-0042');
    await lenderPage.getByRole('button', { name: 'Confirm the payment' }).click();
    await lenderPage.getByText(/^fees .* · interest .* · principal /).waitFor();
    await audit(lenderPage);
    // Statements are the partners'; the lender reads its ledger (balances, transactions).
    await lenderPage.getByRole('link', { name: 'Ledger' }).click();
    await lenderPage.getByTestId('ledger-balance').first().waitFor();
    await lenderPage.getByRole('heading', { name: 'Transactions' }).waitFor();
    await audit(lenderPage);
    await screenshot(lenderPage, 'lender-ledger');
    // The lender follows the job: its state and SLA, no partner forms; the refused attempt left no event.
    await lenderPage.getByRole('link', { name: 'Jobs' }).click();
    await lenderPage.getByRole('link', { name: /Texas early collections/ }).first().click();
    await expectText(lenderPage, 'sla-state', /^first action due by /);
    await lenderPage.getByRole('heading', { name: 'Progress' }).waitFor();
    expect(await lenderPage.getByRole('heading', { name: 'Contact attempt' }).count()).toBe(0);
    await audit(lenderPage);
    await agencyPage.getByRole('link', { name: /^Inbox/ }).click();
    await agencyPage.getByRole('heading', { name: 'Inbox' }).waitFor();
    await audit(agencyPage);

    expect(audited).toEqual(expect.arrayContaining(['/', '/cases', expect.stringMatching(/^\/cases\/[0-9a-f-]{36}$/), '/listings/new', '/directory', '/ledger', '/statements', '/payout-account', '/jobs', expect.stringMatching(/^\/jobs\/[0-9a-f-]{36}$/), '/notifications']));
    expect(refreshes.length).toBeGreaterThan(0);
    expect(refreshes.every((status) => status === 200)).toBe(true);
    expect(accessibility).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('shows platform staff the vetting queue and a buyer its start page, in both languages', async () => {
    const { page: adminPage } = await signIn(browser, baseUrl, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
    await adminPage.getByRole('heading', { name: 'Vetting queue' }).waitFor();
    await audit(adminPage);
    await screenshot(adminPage, 'platform-vetting');
    // The queue dashboard: the button trades a one-time ticket for the dashboard's session cookie.
    const [board] = await Promise.all([adminPage.waitForResponse((r) => new URL(r.url()).pathname === '/admin/queues' && r.request().method() === 'GET'), adminPage.getByRole('button', { name: 'Queue dashboard (platform admins)' }).click()]);
    expect(board.status()).toBe(200);
    await adminPage.waitForURL(`${baseUrl}/admin/queues`);
    expect((await adminPage.context().cookies()).find((c) => c.name === 'reclaim_queues')).toMatchObject({ path: '/admin/queues', httpOnly: true, sameSite: 'Strict' });
    const boardApi = await adminPage.request.get('/admin/queues/api/queues');
    expect(boardApi.status()).toBe(200);
    await adminPage.goBack();
    await adminPage.getByRole('heading', { name: 'Vetting queue' }).waitFor();
    await adminPage.getByLabel('Language').selectOption('zh-CN');
    await adminPage.getByRole('heading', { name: '审核队列' }).waitFor();
    expect(await adminPage.locator('html').getAttribute('lang')).toBe('zh-CN');
    await audit(adminPage);
    await screenshot(adminPage, 'platform-vetting-zh-CN');
    await adminPage.getByRole('link', { name: '合规规则' }).click();
    await adminPage.getByRole('heading', { name: '编写下一版本' }).waitFor();
    await audit(adminPage);
    await adminPage.getByRole('link', { name: '投诉' }).click();
    await adminPage.getByRole('heading', { name: '投诉', level: 1 }).waitFor();
    await audit(adminPage);

    const buyer = await aBuyer(t).build();
    const { page: buyerPage } = await signIn(browser, baseUrl, buyer.email, TEST_PASSWORD, DESKTOP);
    await buyerPage.getByRole('heading', { name: 'Auctions' }).waitFor();
    await audit(buyerPage);
    await screenshot(buyerPage, 'buyer-home');

    const login = await (await browser.newContext()).newPage();
    await login.goto(baseUrl);
    await login.getByRole('button', { name: 'Sign in' }).waitFor();
    await audit(login);
    // Keyboard only: Tab to each labelled field, Enter submits; the refusal is shown above the form.
    await login.keyboard.press('Tab');
    await login.keyboard.type(buyer.email);
    await login.keyboard.press('Tab');
    await login.keyboard.type('not-the-password');
    await login.keyboard.press('Enter');
    await login.getByRole('alert').waitFor();
    expect(await login.getByLabel('E-mail').inputValue()).toBe(buyer.email);

    expect(accessibility).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});


/** The latest whole hour before now (at least ten minutes back) that is `hour`:00 in `zone`. */
function lastLocalHour(hour: number, zone: string): Date {
  const inZone = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' });
  const start = Math.floor((Date.now() - 10 * 60_000) / 3_600_000) * 3_600_000;
  for (let at = start; ; at -= 3_600_000) if (Number(inZone.format(new Date(at))) === hour) return new Date(at);
}

/** The value a datetime-local input takes, in the browser's (and this process's) local time. */
function localDateTime(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
