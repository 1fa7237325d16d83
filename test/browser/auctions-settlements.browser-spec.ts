import type { Browser, Page } from 'playwright-core';
import { money } from '../../src/common/money';
import { LedgerService } from '../../src/ledger/ledger.service';
import { SettlementService } from '../../src/settlement/settlement.service';
import { aLiveLot, aVerifiedBuyer } from '../support/auctions';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv, TEST_PASSWORD } from '../support/factories';
import { anAcceptedRepossession, RepossessionJob } from '../support/repossession-job';
import type { TestApp } from '../support/test-app';
import { consoleApp, describeInBrowser, DESKTOP, expectText, launchChromium, pageErrors, PHONE, screenshot, seriousViolations, signIn } from './browser';

const usd = (amount: number) => money(amount, 'USD');

/**
 * The lender's vehicles, auctions, case timeline and settlements with the printable §9-616
 * explanation; the buyer's catalogue, live lot (another buyer's bid shows without reloading),
 * deposits and invoices. In Debian's Chromium against the real app; axe on every page.
 */
describeInBrowser('the console: vehicles, auctions and settlements in a browser', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let admin: OrgSession;
  let lender: OrgSession;
  let job: RepossessionJob;
  let settlementId: string;
  const accessibility: string[] = [];
  const audit = async (page: Page) => accessibility.push(...(await seriousViolations(page)));

  beforeAll(async () => {
    ({ t, baseUrl } = await consoleApp(platformAdminEnv()));
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    job = await anAcceptedRepossession(t, admin, lender);
    // The buyer's payment into the lender's auction escrow, then the settlement of the sale, as the
    // paid invoice will call it (the same steps as test/e2e/settlements.e2e-spec.ts).
    const ledger = t.app.get(LedgerService);
    await t.db.transaction((m) =>
      ledger.post(m, {
        idempotencyKey: 'browser-invoice',
        reason: 'lot',
        reasonId: 'browser-invoice',
        entries: [
          { account: { orgId: null, purpose: 'cash' }, side: 'debit', amount: usd(1_200_000) },
          { account: { orgId: lender.orgId, purpose: 'auction_escrow' }, side: 'credit', amount: usd(1_200_000) },
        ],
      }),
    );
    const done = await t.db.transaction((m) =>
      t.app.get(SettlementService).settle(m, {
        lenderOrgId: lender.orgId,
        caseId: job.caseId,
        vehicleId: job.vehicleId,
        lotId: null,
        saleAt: new Date('2026-03-10T15:00:00Z'),
        possessionAt: new Date('2026-02-26T12:00:00Z'),
        hammerPrice: usd(1_200_000),
        expenses: [
          { type: 'repossession', amount: usd(45_000), basis: 'flat fee repossession 45000 (frozen terms)', payeeOrgId: job.tow.orgId, sourceRef: job.jobId },
          { type: 'seller_fee', amount: usd(15_000), basis: 'seller fee', payeeOrgId: null },
        ],
        agreementAllowsLegalFees: false,
        credits: [],
        obligationReflectsRebate: false,
        subordinateLiens: [],
        relatedPartySale: false,
        commerciallyReasonableAmount: null,
        contact: { phone: '+1 800 555 0100', address: '1 Finance Way, Austin TX' },
      }),
    );
    settlementId = done.settlement.id;
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the lender its case timeline, vehicles and their auctions, and a settlement with the explanation to print', async () => {
    const lotId = await aLiveLot(t, lender);
    const { page } = await signIn(browser, baseUrl, lender.email, TEST_PASSWORD);

    // The case's timeline: its placement and its job's offer and acceptance, with the enum words.
    await page.goto(`/cases/${job.caseId}`);
    const timeline = page.getByTestId('case-timeline');
    await timeline.getByText('Case placed').waitFor();
    await timeline.getByText('Job accepted').waitFor();
    await audit(page);

    // Vehicles: the listed one shows its lot; no raw enum value on the page.
    await page.getByRole('link', { name: 'Vehicles' }).click();
    await page.getByRole('heading', { name: 'Vehicles' }).waitFor();
    await page.getByLabel('Status').selectOption('listed');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('link', { name: '2018 Toyota Corolla' }).click();
    await page.getByRole('heading', { name: 'Auctions of this vehicle' }).waitFor();
    expect(await page.getByTestId('vehicle-status').textContent()).toBe('Listed');
    await page.getByRole('link', { name: '2018 Toyota Corolla' }).click();
    await expectText(page, 'lot-status', 'Live');
    await page.getByTestId('lot-countdown').waitFor();
    expect(await page.getByRole('heading', { name: 'Your proxy bid' }).count()).toBe(0);
    expect(page.url()).toBe(`${baseUrl}/auctions/${lotId}`);
    await audit(page);
    await page.getByRole('link', { name: 'Auctions' }).click();
    await page.getByRole('link', { name: '2018 Toyota Corolla' }).waitFor();
    await audit(page);

    // Settlements: totals per currency, then the settlement's lines and its explanation.
    await page.getByRole('link', { name: 'Settlements' }).click();
    await page.getByRole('heading', { name: 'Totals by currency' }).waitFor();
    expect(await page.getByTestId('settlement-total').first().textContent()).toBe('USD1$12,000.00$1,400.00$1,400.00$0.00');
    await audit(page);
    await screenshot(page, 'lender-settlements');
    await page.getByRole('link', { name: /2026/ }).first().click();
    expect(page.url()).toBe(`${baseUrl}/settlements/${settlementId}`);
    await page.getByTestId('explanation').waitFor();
    expect(await page.getByTestId('settlement-line').allTextContents()).toEqual([
      expect.stringMatching(/^1Expenses.*Repossession\$450\.00\$450\.00Partner/),
      expect.stringMatching(/^2Expenses.*Seller fee\$150\.00\$150\.00Lender/),
      expect.stringMatching(/^3Secured obligation.*Secured obligation\$10,000\.00\$10,000\.00Lender/),
      expect.stringMatching(/^4Surplus.*Surplus to the borrower\$1,400\.00\$1,400\.00Borrower/),
    ]);
    expect(await page.getByTestId('explanation-result').textContent()).toBe('The amount of the surplus: $1,400.00.');
    await audit(page);
    await screenshot(page, 'lender-settlement');
    // Printed, only the explanation is on the page: the console's chrome and the working are hidden.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: 'Distribution (UCC §9-615(a) order)' }).isVisible()).toBe(false);
    expect(await page.getByTestId('explanation').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    // The API's own printable page, in the console's language.
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByTestId('explanation-result').getByText('盈余金额：US$1,400.00。').waitFor();
    await page.getByRole('button', { name: '获取可打印页面' }).click();
    const [printable] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: '打开可打印页面' }).click()]);
    await printable.waitForLoadState();
    expect(await printable.locator('html').getAttribute('lang')).toBe('zh-CN');
    await printable.close();
    await audit(page);
    await screenshot(page, 'lender-settlement-zh-CN');
    // The portfolio report: the placement bars and the recovery curve drawn from the API's JSON.
    await page.getByRole('link', { name: '资产组合' }).click();
    await page.getByRole('heading', { name: '资产组合报告' }).waitFor();
    await page.getByRole('heading', { name: '回收曲线' }).waitFor();
    await audit(page);
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { name: 'Cases placed by bucket and stage' }).waitFor();
    await screenshot(page, 'lender-portfolio');

    expect(accessibility).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('lets a buyer follow a live lot that another buyer bids on, without reloading, and see its deposits and invoices', async () => {
    const lotId = await aLiveLot(t, lender);
    const [first, second] = [await aVerifiedBuyer(t, admin), await aVerifiedBuyer(t, admin)];
    const { page } = await signIn(browser, baseUrl, first.email, TEST_PASSWORD, PHONE);

    // The catalogue, filtered by the API: the lot, then its page with the minimum next bid.
    await page.getByRole('heading', { name: 'Auctions' }).waitFor();
    await page.getByLabel('Make').fill('Toyota');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('link', { name: '2018 Toyota Corolla' }).first().waitFor();
    await audit(page);
    await screenshot(page, 'buyer-catalogue-phone');
    await page.goto(`/auctions/${lotId}`);
    await expectText(page, 'lot-minimum', 'Minimum next bid: $500.00');
    // Before its first bid the buyer is neither leading nor outbid.
    expect(await page.getByTestId('lot-standing').count()).toBe(0);
    await page.getByLabel('Your maximum (USD)').fill('abc');
    await page.getByRole('button', { name: 'Place bid' }).click();
    await page.locator('.field-error').getByText('must be a positive amount with at most the currency’s decimals').waitFor();
    await page.getByLabel('Your maximum (USD)').fill('900');
    await page.getByRole('button', { name: 'Place bid' }).click();
    await page.getByText('Your bid is in and leading at $500.00.').waitFor();
    await expectText(page, 'lot-standing', /^You are leading · your maximum \$900\.00$/);
    await audit(page);

    // A second buyer, in its own browser context, outbids: the first buyer's page follows by itself,
    // from the lot's event stream (read with fetch and the bearer), not by polling.
    await page.locator('[data-updates="stream"]').waitFor();
    const { page: other } = await signIn(browser, baseUrl, second.email, TEST_PASSWORD, DESKTOP);
    await other.goto(`/auctions/${lotId}`);
    await other.getByLabel('Your maximum (USD)').fill('1500');
    await other.getByRole('button', { name: 'Place bid' }).click();
    await other.getByText(/^Your bid is in and leading at \$(9\d\d|1,\d{3})\.00\.$/).waitFor();
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    await expectText(page, 'lot-price', /^\$(9\d\d|1,\d{3})\.00$/);
    await expectText(page, 'lot-standing', /^You have been outbid/);
    expect(navigations).toEqual([]);
    expect(await page.locator('[data-updates="stream"]').count()).toBe(1);
    await screenshot(page, 'buyer-lot-phone');

    // Deposits: this lot asks for none, so the API refuses a hold and the page says why.
    await page.getByRole('link', { name: 'Deposits' }).click();
    await page.getByLabel('Lot id').fill(lotId);
    await page.getByLabel('Payment method (Stripe id)').fill('pm_card_visa');
    await page.getByRole('button', { name: 'Place the hold' }).click();
    await page.locator('.form-problems').getByText('This lot takes bids without a deposit.').waitFor();
    expect(await page.getByTestId('deposit-status').count()).toBe(0);
    // A lot that asks for one: from its page to the deposit form, and the hold listed with what it covers.
    const depositLot = await aLiveLot(t, lender, { deposit_required: usd(10_000) });
    await page.goto(`/auctions/${depositLot}`);
    await page.getByRole('link', { name: 'Place a deposit' }).click();
    expect(await page.getByLabel('Lot id').inputValue()).toBe(depositLot);
    await page.getByLabel('Payment method (Stripe id)').fill('pm_card_visa');
    await page.getByRole('button', { name: 'Place the hold' }).click();
    await expectText(page, 'deposit-status', 'Authorised');
    await page.getByRole('cell', { name: '$1,000.00' }).waitFor();
    // Without a lot: a standing deposit, listed with when its hold lapses, released by the buyer.
    await page.getByLabel('Lot id').fill('');
    await page.getByLabel('Amount (empty: the lot’s deposit)').fill('250');
    await page.getByRole('button', { name: 'Place the hold' }).click();
    await expectText(page, 'deposit-kind', 'Standing (any lot)');
    await page.getByText(/^Lapses /).waitFor();
    await page.getByRole('cell', { name: '$2,500.00' }).waitFor();
    await audit(page);
    await page.getByRole('button', { name: 'Release' }).click();
    await page.getByRole('button', { name: 'Release' }).waitFor({ state: 'detached' });
    expect(await page.getByTestId('deposit-status').allTextContents()).toEqual(expect.arrayContaining(['Authorised', 'Released']));
    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('heading', { name: 'Invoices' }).waitFor();
    await audit(page);

    expect(accessibility).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
