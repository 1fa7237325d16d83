import { renderEmail } from './email-templates';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const GENERIC_SUBJECT = 'You have a new notification on Reclaim';
const LISTED = { listing_id: 'l1', listing_title: 'Lot', case_count: 1, deadline: '2025-06-20T17:00:00Z' };

describe('renderEmail', () => {
  it.each<[string, Record<string, unknown>, string, string, string]>([
    [
      'listing.published',
      { listing_id: 'l1', listing_title: 'Repossession, Houston', case_count: 1, total_balance: usd(1_257_500), deadline: '2025-06-20T17:00:00Z' },
      'New listing: Repossession, Houston',
      'Bidding closes 2025-06-20 17:00 UTC.',
      '/listings/l1',
    ],
    ['bid.placed', { listing_id: 'l1', listing_title: 'Portfolio M2', partner_name: 'Acme Recovery' }, 'New bid on Portfolio M2', 'Acme Recovery has bid on Portfolio M2.', '/listings/l1'],
    ['listing.awarded', { listing_id: 'l1', listing_title: 'Portfolio M2' }, 'Listing awarded: Portfolio M2', 'Portfolio M2 has been awarded. Open the listing to see the result.', '/listings/l1'],
    ['job.offered', { job_id: 'j1', job_title: 'Repossession 1HGCM82633A004352', accept_deadline: '2025-06-15T14:00:00.000Z' }, 'Job offered: Repossession 1HGCM82633A004352', 'Accept it by 2025-06-15 14:00 UTC or it expires.', '/jobs/j1'],
    ['job.accepted', { job_id: 'j1', job_title: 'Portfolio M2 lot 1', partner_name: 'Acme' }, 'Job accepted: Portfolio M2 lot 1', 'Acme has accepted Portfolio M2 lot 1.', '/jobs/j1'],
    ['credential.expiring', { partner_name: 'Acme', credential_type: 'on_hook', expires_on: '2025-07-15' }, 'Acme: on-hook insurance expires on 2025-07-15', 'The on-hook insurance of Acme expires on 2025-07-15.', '/partner-profile'],
    ['partner.suspended', { partner_name: 'Acme', reason: 'credential_expired: on_hook' }, 'Partner suspended: Acme', 'Acme has been suspended (credential_expired: on_hook).', '/jobs'],
    ['partner.suspension_notice', { partner_name: 'Acme', reason: 'fraud', open_jobs: 2 }, 'Partner suspended: Acme', 'Your open jobs with it: 2. It cannot be assigned new work until reinstated.', '/jobs'],
    [
      'webhook_endpoint.disabled',
      { endpoint_id: 'e1', endpoint_url: 'https://hooks.example.com/r', failing_since: '2025-06-01T08:00:00Z' },
      'Webhook endpoint disabled: https://hooks.example.com/r',
      'Deliveries to https://hooks.example.com/r have failed continuously since 2025-06-01 08:00 UTC, so the endpoint has been disabled.',
      '/notifications',
    ],
    [
      'auction.invoice_paid',
      { invoice_id: 'i1', total: usd(1_100_000), balance_paid: usd(1_040_000), deposit_applied: usd(60_000) },
      'Auction invoice paid: USD 11,000.00',
      'The auction invoice of USD 11,000.00 is paid: USD 10,400.00 received, the deposit of USD 600.00 applied.',
      '/invoices/i1',
    ],
    [
      'auction.release_ordered',
      { release_id: 'r1', vin: '1HGCM82633A004352', pickup_name: 'Bay Tow yard 2', pickup_address: '1200 Harbor Way, Oakland CA' },
      'Release order: 1HGCM82633A004352',
      'Vehicle 1HGCM82633A004352 is paid for and may leave Bay Tow yard 2 (1200 Harbor Way, Oakland CA).',
      '/releases/r1',
    ],
    [
      'auction.released',
      { release_id: 'r1', vin: '1HGCM82633A004352', picked_up_at: '2026-12-04T15:30:00.000Z', storage_days: 12 },
      'Vehicle picked up: 1HGCM82633A004352',
      'Vehicle 1HGCM82633A004352 was picked up by its buyer at 2026-12-04 15:30 UTC, after 12 days in storage.',
      '/releases/r1',
    ],
    [
      'auction.second_chance_offered',
      { lot_id: 'lot1', price: usd(120_000), deposit_required: usd(50_000), expires_at: '2026-12-05T00:00:00.000Z' },
      'Second-chance offer: a lot at your maximum of USD 1,200.00',
      'Accept or decline by 2026-12-05 00:00 UTC; accepting needs a deposit hold of USD 500.00.',
      '/auctions/lot1',
    ],
    ['auction.outbid', { lot_id: 'lot1', current_price: usd(82_500), ends_at: '2026-12-02T15:48:44.158Z' }, 'Outbid: the price is now USD 825.00', 'The lot ends at 2026-12-02 15:48 UTC (a bid in its last minutes extends it). Bid again to take the lead.', '/auctions/lot1'],
    ['auction.closed', { lot_id: 'lot1', outcome: 'sold', bid_count: 3 }, 'Lot sold', 'The lot closed with 3 bids and is sold; the winner has been invoiced.', '/auctions/lot1'],
    ['auction.closed', { lot_id: 'lot1', outcome: 'no_sale', bid_count: 1 }, 'Lot closed without a sale', 'Its lender may accept the high bid within 24 hours or list the vehicle again.', '/auctions/lot1'],
    [
      'auction.invoice_issued',
      { invoice_id: 'inv1', lot_id: 'lot1', total: usd(97_500), balance_due: usd(67_500), due_on: '2026-12-04' },
      'You won a lot: invoice of USD 975.00, due 2026-12-04',
      'Pay the balance of USD 675.00 by 2026-12-04, by card or bank transfer. Unpaid by then, the deposit is forfeit and the lot goes to the next bidder.',
      '/invoices/inv1',
    ],
    ['auction.cancelled', { lot_id: 'lot1', reason: 'the borrower redeemed', bid_count: 2 }, 'A lot you bid on was withdrawn', 'The lot was withdrawn before it closed: the borrower redeemed.', '/auctions/lot1'],
    ['auction.high_bid_accepted', { lot_id: 'lot1', invoice_id: 'inv1', hammer_price: usd(65_000) }, 'High bid accepted: USD 650.00', 'The lot closed below its reserve, and its lender accepted the high bid of USD 650.00.', '/invoices/inv1'],
    ['auction.returned_to_lender', { lot_id: 'lot1', vehicle_id: 'v1', reason: 'no_bidder_left' }, 'Lot back with you: no buyer left', 'The winner of your lot did not pay and no other bidder took it at their maximum.', '/vehicles/v1'],
    ['auction.invoice_defaulted', { lot_id: 'lot1', balance_due: usd(65_000), due_on: '2026-12-04' }, 'Auction invoice unpaid: USD 650.00 was due on 2026-12-04', 'An auction invoice with USD 650.00 still due on 2026-12-04 was not paid.', '/auctions/lot1'],
    [
      'auction.settlement_blocked',
      { lot_id: 'lot1', code: 'settlement.currency_mismatch', detail: 'The case is in USD; the sale is in EUR.' },
      'A paid lot could not be settled',
      'The buyer paid, but the sale could not be settled: The case is in USD; the sale is in EUR. (settlement.currency_mismatch).',
      '/auctions/lot1',
    ],
  ])('%s', (type, data, subject, line, path) => {
    const email = renderEmail({ type, data }, { appUrl: 'https://app.reclaim.test' });
    expect(email.subject).toBe(subject);
    expect(email.text.split('\n')).toContain(line);
    expect(email.text).toContain(`Open in Reclaim: https://app.reclaim.test${path}`);
    expect(email.html).toContain(`<a href="https://app.reclaim.test${path}">Open in Reclaim</a>`);
  });

  it('escapes every interpolated value in the HTML, and only there', () => {
    const title = `<script>alert("x")</script> & O'Brien`;
    const email = renderEmail({ type: 'listing.awarded', data: { listing_id: 'l1', listing_title: title } });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; O&#39;Brien has been awarded.');
    expect(email.text).toContain(`${title} has been awarded.`);
    expect(email.subject).toBe(`Listing awarded: ${title}`);
  });

  it('keeps line breaks out of the subject (no header injection)', () => {
    const email = renderEmail({ type: 'listing.awarded', data: { listing_id: 'l1', listing_title: 'Lot\r\nBcc: victim@example.com' } });
    expect(email.subject).toBe('Listing awarded: Lot Bcc: victim@example.com');
    expect(email.subject).not.toMatch(/[\r\n]/);
  });

  it('URL-encodes path segments and escapes the link', () => {
    const email = renderEmail({ type: 'job.accepted', data: { job_id: 'a/b?c="d"', job_title: 'T', partner_name: 'P' } }, { appUrl: 'https://app.reclaim.test/' });
    expect(email.text).toContain('Open in Reclaim: https://app.reclaim.test/jobs/a%2Fb%3Fc%3D%22d%22');
    expect(email.html).toContain('href="https://app.reclaim.test/jobs/a%2Fb%3Fc%3D%22d%22"');
  });

  it('has no link without an app URL', () => {
    const email = renderEmail({ type: 'listing.awarded', data: { listing_id: 'l1', listing_title: 'T' } });
    expect(email.text).not.toContain('Open in Reclaim');
    expect(email.html).not.toContain('<a ');
  });

  it('shortens very long values', () => {
    const email = renderEmail({ type: 'listing.awarded', data: { listing_id: 'l1', listing_title: 'x'.repeat(500) } });
    expect(email.subject).toBe(`Listing awarded: ${'x'.repeat(199)}…`);
  });

  it.each<[string, string, Record<string, unknown>]>([
    ['an unknown event', 'case.placed', { case_id: 'c1' }],
    ['a missing field', 'job.offered', { job_id: 'j1', job_title: 'T' }],
    ['an empty field', 'job.offered', { job_id: 'j1', job_title: '  ', accept_deadline: '2025-06-15T14:00:00Z' }],
    ['an object where text belongs', 'bid.placed', { listing_id: 'l1', listing_title: { x: 1 }, partner_name: 'P' }],
    ['a fractional amount', 'listing.published', { ...LISTED, total_balance: { amount: 10.5, currency: 'USD' } }],
    ['an amount as a float of major units', 'listing.published', { ...LISTED, total_balance: 10.5 }],
    ['a lower-case currency', 'listing.published', { ...LISTED, total_balance: { amount: 10, currency: 'usd' } }],
    ['a fractional count', 'listing.published', { ...LISTED, case_count: 1.5 }],
    ['an unparseable time', 'job.offered', { job_id: 'j1', job_title: 'T', accept_deadline: 'tomorrow-ish' }],
    ['a malformed date', 'credential.expiring', { partner_name: 'A', credential_type: 'on_hook', expires_on: '15/07/2025' }],
  ])('falls back to the generic message for %s', (_name, type, data) => {
    const email = renderEmail({ type, data }, { appUrl: 'https://app.reclaim.test' });
    expect(email.subject).toBe(GENERIC_SUBJECT);
    expect(email.text).toContain('Open your notifications to see it.');
    expect(email.text).toContain('https://app.reclaim.test/notifications');
    for (const value of Object.values(data).filter((v) => typeof v === 'string')) {
      expect(email.text).not.toContain(value);
    }
  });

  it('names unknown credential types in words', () => {
    const email = renderEmail({ type: 'credential.expiring', data: { partner_name: 'A', credential_type: 'towing_permit', expires_on: '2025-07-15' } });
    expect(email.subject).toBe('A: towing permit expires on 2025-07-15');
  });

  it('renders a complete HTML document', () => {
    const { html } = renderEmail({ type: 'listing.awarded', data: { listing_id: 'l1', listing_title: 'T' } });
    expect(html.startsWith('<!doctype html><html><body>')).toBe(true);
    expect(html.endsWith('</body></html>')).toBe(true);
  });
});
