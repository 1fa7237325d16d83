import { renderEmail } from './email-templates';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const GENERIC_SUBJECT = 'You have a new notification on Reclaim';

describe('renderEmail', () => {
  it.each<[string, Record<string, unknown>, string, string, string]>([
    ['listing.published', { listing_id: 'l1', listing_title: 'Repossession, Houston', deadline: '2025-06-20T17:00:00Z' }, 'New listing: Repossession, Houston', 'Bidding closes 2025-06-20 17:00 UTC.', '/listings/l1'],
    ['bid.placed', { listing_id: 'l1', listing_title: 'Portfolio M2', partner_name: 'Acme Recovery' }, 'New bid on Portfolio M2', 'Acme Recovery has bid on Portfolio M2.', '/listings/l1'],
    ['listing.awarded', { listing_id: 'l1', listing_title: 'Portfolio M2' }, 'Listing awarded: Portfolio M2', 'Portfolio M2 has been awarded. Open the listing to see the result.', '/listings/l1'],
    ['job.offered', { job_id: 'j1', job_title: 'Repossession 1HGCM82633A004352', accept_by: '2025-06-15T14:00:00.000Z' }, 'Job offered: Repossession 1HGCM82633A004352', 'Accept it by 2025-06-15 14:00 UTC or it expires.', '/jobs/j1'],
    ['job.accepted', { job_id: 'j1', job_title: 'Portfolio M2 lot 1', partner_name: 'Acme' }, 'Job accepted: Portfolio M2 lot 1', 'Acme has accepted Portfolio M2 lot 1.', '/jobs/j1'],
    ['job.sla_breached', { job_id: 'j1', job_title: 'Lot 1', sla: 'first_action' }, 'SLA breached: Lot 1', 'The first action deadline of Lot 1 has passed.', '/jobs/j1'],
    ['vehicle.recovered', { vehicle_id: 'v1', vehicle_label: '2019 Toyota Camry' }, 'Vehicle recovered: 2019 Toyota Camry', '2019 Toyota Camry has been recovered.', '/vehicles/v1'],
    ['auction.outbid', { auction_id: 'a1', lot_title: '2019 Toyota Camry', current_price: usd(1_257_500) }, 'You have been outbid: 2019 Toyota Camry', 'The current price is USD 12,575.00.', '/auctions/a1'],
    ['auction.closed', { auction_id: 'a1', lot_title: '2019 Toyota Camry' }, 'Auction closed: 2019 Toyota Camry', 'The auction for 2019 Toyota Camry has closed. Open it to see the result.', '/auctions/a1'],
    ['invoice.due', { invoice_id: 'INV-7', total: usd(1_400_000), due_at: '2025-06-17T23:59:59Z' }, 'Invoice INV-7: USD 14,000.00 due', 'Invoice INV-7 for USD 14,000.00 is due by 2025-06-17 23:59 UTC.', '/invoices/INV-7'],
    ['payment.received', { amount: { amount: 50_000, currency: 'JPY' }, reference: 'PMT-1' }, 'Payment received: JPY 50,000', 'A payment of JPY 50,000 has been received (reference PMT-1).', '/notifications'],
    ['settlement.completed', { settlement_id: 's1' }, 'Settlement completed', 'Settlement s1 is complete; its itemised statement is ready.', '/settlements/s1'],
    ['payout.paid', { payout_id: 'p1', amount: usd(98_765) }, 'Payout sent: USD 987.65', 'Payout p1 of USD 987.65 has been paid.', '/statements'],
    ['credential.expiring', { partner_name: 'Acme', credential_type: 'on_hook', expires_on: '2025-07-15' }, 'Acme: on-hook insurance expires on 2025-07-15', 'The on-hook insurance of Acme expires on 2025-07-15.', '/partner-profile'],
    ['partner.suspended', { partner_name: 'Acme', reason: 'credential_expired: on_hook' }, 'Partner suspended: Acme', 'Acme has been suspended (credential_expired: on_hook).', '/jobs'],
    ['complaint.filed', { complaint_id: 'c1', partner_name: 'Acme' }, 'Complaint filed about Acme', 'Complaint c1 has been filed about Acme.', '/notifications'],
    [
      'webhook_endpoint.disabled',
      { endpoint_id: 'e1', endpoint_url: 'https://hooks.example.com/r', failing_since: '2025-06-01T08:00:00Z' },
      'Webhook endpoint disabled: https://hooks.example.com/r',
      'Deliveries to https://hooks.example.com/r have failed continuously since 2025-06-01 08:00 UTC, so the endpoint has been disabled.',
      '/notifications',
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
    const email = renderEmail({ type: 'settlement.completed', data: { settlement_id: 's1' } });
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
    ['an empty field', 'job.offered', { job_id: 'j1', job_title: '  ', accept_by: '2025-06-15T14:00:00Z' }],
    ['an object where text belongs', 'bid.placed', { listing_id: 'l1', listing_title: { x: 1 }, partner_name: 'P' }],
    ['a fractional amount', 'payout.paid', { payout_id: 'p1', amount: { amount: 10.5, currency: 'USD' } }],
    ['an amount as a float of major units', 'payout.paid', { payout_id: 'p1', amount: 10.5 }],
    ['a lower-case currency', 'payout.paid', { payout_id: 'p1', amount: { amount: 10, currency: 'usd' } }],
    ['an unparseable time', 'job.offered', { job_id: 'j1', job_title: 'T', accept_by: 'tomorrow-ish' }],
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
    const { html } = renderEmail({ type: 'settlement.completed', data: { settlement_id: 's1' } });
    expect(html.startsWith('<!doctype html><html><body>')).toBe(true);
    expect(html.endsWith('</body></html>')).toBe(true);
  });
});
