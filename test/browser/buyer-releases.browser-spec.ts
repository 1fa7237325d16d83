import { crc32, deflateSync } from 'node:zlib';
import type { Browser, Locator, Page } from 'playwright-core';
import { invoiceDueAt } from '../../src/auctions/domain/second-chance';
import { AuctionsService } from '../../src/auctions/auctions.service';
import { InvoiceDefaultsService } from '../../src/auctions/invoice-defaults.service';
import { aSoldLot } from '../support/auction-sales';
import { aLotBody, aSaleNotice, aVehicleInStorage, aVerifiedBuyer } from '../support/auctions';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv, TEST_PASSWORD } from '../support/factories';
import { anAcceptedRepossession, RepossessionJob } from '../support/repossession-job';
import { placeCase } from '../support/cases';
import { eventually } from '../support/eventually';
import type { TestApp } from '../support/test-app';
import { consoleApp, describeInBrowser, DESKTOP, expectText, launchChromium, pageErrors, PHONE, screenshot, seriousViolations, signIn } from './browser';

const usd = (amount: number) => ({ amount, currency: 'USD' });

/** The width the browser decoded the image to: 0 when its bytes are not an image it can draw. */
const drawnWidth = (image: Locator) =>
  image.evaluate(async (img) => {
    const element = img as unknown as { decode(): Promise<void>; naturalWidth: number };
    await element.decode();
    return element.naturalWidth;
  });

/** A real PNG of one colour, so the browser draws it (the e2e tests' magic-number stubs do not decode). */
function aPng(width: number, height: number, [r, g, b]: readonly [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * The buyer's side after the hammer and the yard's side of the release (issue 19): the lot's
 * photos and condition report from the tow operator's recovery, the invoice's transfer
 * instructions and, once paid, the release code; the tow operator's pick-up on a phone with a
 * wrong code and then the right one; second-chance offers; the lender's roll-rate chart. In
 * Debian's Chromium against the real app; axe on every new page.
 */
describeInBrowser('the console: lot photos, invoices and release codes, the yard’s pick-up, second-chance offers', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let admin: OrgSession;
  let lender: OrgSession;
  let buyer: OrgSession;
  let job: RepossessionJob;
  let lotId: string;
  let releaseCode: string;
  const accessibility: string[] = [];
  const audit = async (page: Page) => accessibility.push(...(await seriousViolations(page)));

  beforeAll(async () => {
    ({ t, baseUrl } = await consoleApp(platformAdminEnv()));
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    buyer = await aVerifiedBuyer(t, admin);
    // The tow operator's recovery as its phone reports it: two photos, the condition, then the yard.
    job = await anAcceptedRepossession(t, admin, lender, { fees: { storage_per_day: usd(2_500), free_storage_days: 3 } });
    const photos: string[] = [];
    for (const [name, colour] of [
      ['front.png', [180, 40, 40]],
      ['side.png', [40, 90, 180]],
    ] as const) {
      const up = await t.http.post(`/v1/jobs/${job.jobId}/evidence`).set(job.tow.auth).field('kind', 'recovery_photo').attach('file', aPng(160, 120, colour), { filename: name, contentType: 'image/png' });
      expect(up.status).toBe(201);
      photos.push(up.body.id);
    }
    for (const report of [
      { type: 'vehicle_located', position: { latitude: 37.8, longitude: -122.27 }, source: 'lpr' },
      { type: 'vehicle_recovered', mode: 'involuntary', odometer: 81_234, keys_recovered: true, condition_report: { notes: 'Dent on the rear left door; windscreen chipped.' }, photo_document_ids: photos },
      { type: 'vehicle_stored', yard_id: '00000000-0000-4000-8000-000000000002' },
    ]) {
      const res = await t.http.post(`/v1/jobs/${job.jobId}/events`).set(job.tow.auth).send(report);
      expect(res.status).toBe(201);
    }
    await aSaleNotice(t, lender, job.vehicleId);
    const created = await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(job.vehicleId, { condition_note: 'Second key in the glovebox.' }));
    expect(created.status).toBe(201);
    lotId = created.body.id;
    expect((await t.http.post(`/v1/auctions/${lotId}/schedule`).set(lender.auth)).status).toBe(200);
    await t.app.get(AuctionsService).open(lotId);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the buyer the lot’s photos and condition report, the transfer to make, and the release code once paid', async () => {
    const { page } = await signIn(browser, baseUrl, buyer.email, TEST_PASSWORD, PHONE);
    // The catalogue's thumbnail is the first photo, drawn from the bytes fetched with the bearer.
    const thumbnail = page.locator('img[data-testid="lot-thumbnail"]');
    await thumbnail.waitFor();
    expect(await thumbnail.getAttribute('alt')).toBe('Photo 1 of 2 of the 2019 Honda Accord, from the recovery report');
    expect(await drawnWidth(thumbnail)).toBe(160);
    await audit(page);
    await screenshot(page, 'buyer-catalogue-photos-phone');

    await page.getByRole('link', { name: '2019 Honda Accord' }).click();
    await expectText(page, 'condition-notes', 'Dent on the rear left door; windscreen chipped.');
    await expectText(page, 'condition-lender-note', 'Second key in the glovebox.');
    const photo = page.locator('img[data-testid="lot-photo"]');
    await photo.waitFor();
    expect(await photo.getAttribute('alt')).toBe('Photo 1 of 2 of the 2019 Honda Accord, from the recovery report');
    expect(await drawnWidth(photo)).toBe(160);
    // The second photo, by keyboard: its button takes focus and Enter shows it.
    await page.getByRole('button', { name: 'Photo 2' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('img[alt="Photo 2 of 2 of the 2019 Honda Accord, from the recovery report"]').waitFor();
    expect(await page.getByRole('button', { name: 'Photo 2' }).getAttribute('aria-pressed')).toBe('true');
    await audit(page);
    await screenshot(page, 'buyer-lot-photos-phone');

    // The buyer wins (its bid through the API, the close as the timer runs it): the invoice asks for a transfer.
    expect((await t.http.post(`/v1/auctions/${lotId}/bids`).set(buyer.auth).send({ max_amount: usd(90_000) })).status).toBe(201);
    const lot = (await t.http.get(`/v1/auctions/${lotId}`).set(lender.auth)).body;
    t.clock.set(new Date(new Date(lot.ends_at).getTime() + 1_000));
    expect(await t.app.get(AuctionsService).close(lotId)).toEqual({ outcome: 'sold' });
    const [invoice] = await t.db.query('SELECT id, balance_due FROM auction_invoices WHERE lot_id = $1', [lotId]);
    await page.getByRole('link', { name: 'Invoices' }).click();
    await expectText(page, 'invoice-status', 'Open');
    await expectText(page, 'transfer-instructions', new RegExp(`^Pay \\$700\\.00 by bank transfer by \\d{4}-\\d\\d-\\d\\d, quoting the reference ${invoice.id}\\.`));
    expect(await page.getByTestId('release-code').count()).toBe(0);
    await audit(page);
    await screenshot(page, 'buyer-invoice-open-phone');

    // Platform staff confirm the transfer; the buyer's invoice then shows the release code and the yard.
    const paid = await t.http.post(`/v1/invoices/${invoice.id}/confirm-transfer`).set(admin.auth).send({ reference: 'WIRE-7781', amount: usd(Number(invoice.balance_due)) });
    expect(paid.status).toBe(200);
    await page.reload();
    await expectText(page, 'invoice-status', 'Paid');
    await expectText(page, 'release-code', /^[A-HJ-KM-NP-Z2-9]{8}$/);
    releaseCode = (await page.getByTestId('release-code').textContent())!;
    await expectText(page, 'pickup-location', 'Bay Tow yard 2, 1200 Harbor Way, Oakland CA');
    expect(await page.getByTestId('transfer-instructions').count()).toBe(0);
    await audit(page);
    await screenshot(page, 'buyer-invoice-paid-phone');
    // The e-mails' links: the invoice, and the release order with the code but no pick-up form.
    await page.goto(`/invoices/${invoice.id}`);
    await page.getByRole('heading', { name: 'Invoice', exact: true }).waitFor();
    await expectText(page, 'release-code', releaseCode);
    await audit(page);
    await screenshot(page, 'buyer-invoice-page-phone');
    const [release] = await t.db.query('SELECT id FROM auction_releases WHERE invoice_id = $1', [invoice.id]);
    await page.goto(`/releases/${release.id}`);
    await expectText(page, 'release-code', releaseCode);
    expect(await page.getByLabel('Buyer’s release code').count()).toBe(0);
    await audit(page);

    expect(accessibility).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('lets the tow operator confirm the pick-up on a phone: a wrong code shows the refusal, the buyer’s code releases the vehicle', async () => {
    const { page } = await signIn(browser, baseUrl, job.tow.email, TEST_PASSWORD, PHONE);
    await page.getByRole('link', { name: 'Releases' }).click();
    await page.getByRole('heading', { name: 'Releases' }).waitFor();
    await expectText(page, 'release-status', 'Ordered');
    await audit(page);
    await screenshot(page, 'tow-releases-phone');

    await page.getByRole('link', { name: '2019 Honda Accord' }).click();
    await page.getByRole('heading', { name: 'Confirm the pick-up' }).waitFor();
    const code = page.getByLabel('Buyer’s release code');
    await code.fill('WRONG123');
    await code.press('Enter');
    await page.locator('.field-error').getByText('does not match').waitFor();
    await expectText(page, 'pick-up-refusal', /^That is not the buyer’s release code/);
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    await expectText(page, 'release-failed-attempts', '1');
    await expectText(page, 'release-status', 'Ordered');
    await audit(page);
    await screenshot(page, 'tow-pick-up-refused-phone');

    // The code as a buyer reads it out: lower case, with a space; the API ignores both.
    await code.fill(`${releaseCode.slice(0, 4).toLowerCase()} ${releaseCode.slice(4)}`);
    await page.getByRole('button', { name: 'Confirm the pick-up' }).click();
    await expectText(page, 'release-status', 'Picked up');
    await expectText(page, 'release-storage', /^\$\d[\d,]*\.\d\d · /);
    expect(await page.getByLabel('Buyer’s release code').count()).toBe(0);
    const [vehicle] = await t.db.query('SELECT status FROM vehicles WHERE id = $1', [job.vehicleId]);
    expect(vehicle.status).toBe('released');
    await audit(page);
    await screenshot(page, 'tow-picked-up-phone');

    expect(accessibility).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('offers the next bidder the lot when the winner does not pay: the deposit the offer needs is asked for under its field, then the offer is accepted', async () => {
    t.clock.reset();
    const runnerUp = buyer;
    const winner = await aVerifiedBuyer(t, admin);
    const vehicleId = await aVehicleInStorage(t, lender);
    const sold = await aSoldLot(t, lender, vehicleId, [
      { buyer: runnerUp, max: 70_000 },
      { buyer: winner, max: 95_000 },
    ]);
    const [unpaid] = await t.db.query('SELECT due_on::text AS due_on FROM auction_invoices WHERE id = $1', [sold.invoiceId]);
    t.clock.set(invoiceDueAt(unpaid.due_on));
    expect(await t.app.get(InvoiceDefaultsService).default(sold.invoiceId)).toEqual({ outcome: 'defaulted' });

    const { page } = await signIn(browser, baseUrl, runnerUp.email, TEST_PASSWORD, DESKTOP);
    await page.getByRole('link', { name: 'Second-chance offers' }).click();
    await page.getByRole('heading', { name: 'Second-chance offers' }).waitFor();
    await expectText(page, 'offer-price', '$700.00');
    await expectText(page, 'offer-status', 'Open');
    await audit(page);
    await screenshot(page, 'buyer-second-chance-offers');
    // Without a payment method the API asks for the deposit hold; the message sits under the field.
    await page.getByRole('button', { name: 'Accept and buy for $700.00' }).click();
    await page.locator('.field-error').getByText('required: a deposit hold covering the offer').waitFor();
    expect(await page.getByLabel('Payment method (Stripe id)').getAttribute('aria-invalid')).toBe('true');
    await audit(page);
    await page.getByLabel('Payment method (Stripe id)').fill('pm_card_visa');
    await page.getByRole('button', { name: 'Accept and buy for $700.00' }).click();
    await expectText(page, 'offer-status', 'Accepted');
    await page.getByRole('link', { name: 'Your invoice for this lot' }).click();
    await page.getByRole('heading', { name: 'Invoices' }).waitFor();
    // The accepted offer's invoice, open, next to the paid one of the first lot.
    await page.getByTestId('invoice').filter({ hasText: 'Open' }).getByText('How to pay').waitFor();
    expect(await page.getByTestId('invoice').filter({ hasText: 'Open' }).count()).toBe(1);
    await audit(page);

    expect(accessibility).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('draws the lender’s roll rates with the API’s chart', async () => {
    // A case placed three months ago rolls from bucket to bucket at each month's end (analytics' projection).
    t.clock.reset();
    const portfolioLender = await aLender(t).build();
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000);
    t.clock.set(day(95));
    await placeCase(t, portfolioLender, { product: 'personal_loan', first_missed_due_date: day(105).toISOString().slice(0, 10), principal: 100_000 });
    t.clock.reset();
    const rolls = await eventually(async () => {
      const res = await t.http.get('/v1/analytics/portfolio').set(portfolioLender.auth);
      return res.body.roll_rates?.length > 0 && (res.body.roll_rates as unknown[]);
    }, 60_000, 'roll rates');

    const { page } = await signIn(browser, baseUrl, portfolioLender.email, TEST_PASSWORD, DESKTOP);
    await page.getByRole('link', { name: 'Portfolio' }).click();
    await page.getByRole('heading', { name: 'Roll rates' }).waitFor();
    const chart = page.locator('img[data-testid="roll-rates-chart"]');
    await chart.waitFor();
    expect(await drawnWidth(chart)).toBeGreaterThan(0);
    expect(await page.getByRole('region', { name: 'Roll rates' }).getByRole('row').count()).toBe(rolls.length + 1);
    // The recovery curve's amounts read as money, not minor units: "0.0 % ($0.00 of $1,000.00)".
    await page.getByRole('region', { name: 'Recovery curve' }).getByRole('cell', { name: /^\d+\.\d % \(\$[\d,]+\.\d\d of \$[\d,]+\.\d\d\)$/ }).first().waitFor();
    await audit(page);
    await screenshot(page, 'lender-portfolio-roll-rates');
    expect(accessibility).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
