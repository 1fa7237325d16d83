import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Schemas } from '../api/client';
import { ConditionReport, InvoiceCard, invoiceFees, invoiceStep } from './Auctions';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const invoice: Schemas['AuctionInvoice'] = {
  id: '6f0b8a2e-1c1e-4c55-9a55-2f7f1f4f3a01',
  lot_id: '6f0b8a2e-1c1e-4c55-9a55-2f7f1f4f3a02',
  buyer_org_id: '6f0b8a2e-1c1e-4c55-9a55-2f7f1f4f3a03',
  lender_org_id: '6f0b8a2e-1c1e-4c55-9a55-2f7f1f4f3a04',
  hammer_price: usd(900_000),
  buyer_premium: usd(90_000),
  total: usd(990_000),
  deposit_applied: usd(50_000),
  balance_due: usd(940_000),
  due_on: '2026-12-04',
  status: 'open',
  created_at: '2026-12-02T10:00:00.000Z',
  paid_at: null,
  paid_via: null,
  payment_intent_id: null,
  transfer_reference: null,
};
const release: Schemas['AuctionRelease'] = {
  id: '6f0b8a2e-1c1e-4c55-9a55-2f7f1f4f3a05',
  lot_id: invoice.lot_id,
  invoice_id: invoice.id,
  vehicle: { id: '6f0b8a2e-1c1e-4c55-9a55-2f7f1f4f3a06', vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2019 },
  buyer_org_id: invoice.buyer_org_id,
  lender_org_id: invoice.lender_org_id,
  holder_org_id: '6f0b8a2e-1c1e-4c55-9a55-2f7f1f4f3a07',
  job_id: null,
  yard_id: null,
  pickup_location: { name: 'Bay Tow yard 2', address: '1200 Harbor Way, Oakland CA', region: 'US-CA' },
  status: 'ordered',
  release_code: 'K7M2QX9R',
  failed_attempts: 0,
  storage: { stored_at: '2026-11-20T10:00:00.000Z', until: '2026-12-02T10:00:00.000Z', final: false, days: 12, free_days: 3, daily_rate: usd(2_500), charge: usd(22_500), basis: '9 days × 25.00' },
  picked_up_at: null,
  created_at: '2026-12-02T10:00:00.000Z',
};

describe('invoiceStep', () => {
  it.each([
    ['open', null, 'pay'],
    ['defaulted', null, 'defaulted'],
    ['paid', null, 'paid'],
    ['paid', 'ordered', 'collect'],
    ['paid', 'picked_up', 'collected'],
  ] as const)('an invoice %s with a release %s asks the buyer to %s', (status, releaseStatus, step) => {
    expect(invoiceStep({ status }, releaseStatus ? { status: releaseStatus } : null)).toBe(step);
  });

  it('counts as fees what the total holds beyond the hammer and the premium', () => {
    expect(invoiceFees(invoice)).toEqual(usd(0));
    expect(invoiceFees({ ...invoice, total: usd(1_000_000) })).toEqual(usd(10_000));
  });
});

describe('InvoiceCard', () => {
  it('tells the buyer of an open invoice what to transfer, by when, with which reference, and shows no release code', () => {
    const html = renderToStaticMarkup(<InvoiceCard invoice={invoice} release={null} buyer />);
    expect(html).toContain(`Pay $9,400.00 by bank transfer by 2026-12-04, quoting the reference ${invoice.id}.`);
    expect(html).toContain('<dd data-testid="invoice-balance">$9,400.00</dd>');
    expect(html).not.toContain('release-code');
  });

  it('shows a paid invoice’s release code and where to collect, and no payment instructions', () => {
    const html = renderToStaticMarkup(<InvoiceCard invoice={{ ...invoice, status: 'paid', balance_due: usd(940_000) }} release={release} buyer />);
    expect(html).toContain('<strong class="release-code" data-testid="release-code">K7M2QX9R</strong>');
    expect(html).toContain('Bay Tow yard 2, 1200 Harbor Way, Oakland CA');
    expect(html).toContain('(days stored: 12)');
    expect(html).not.toContain('transfer-instructions');
  });

  it('no longer shows the code once the vehicle is picked up', () => {
    const html = renderToStaticMarkup(<InvoiceCard invoice={{ ...invoice, status: 'paid' }} release={{ ...release, status: 'picked_up', picked_up_at: '2026-12-03T09:00:00.000Z' }} buyer />);
    expect(html).toContain('data-testid="release-picked-up"');
    expect(html).not.toContain('K7M2QX9R');
  });
});

describe('InvoiceCard for the lot’s lender', () => {
  it('shows the amounts and where the vehicle is, without the buyer’s instructions or code', () => {
    const html = renderToStaticMarkup(<InvoiceCard invoice={{ ...invoice, status: 'paid' }} release={{ ...release, release_code: null }} buyer={false} />);
    expect(html).toContain('<dd data-testid="invoice-status">Paid</dd>');
    expect(html).toContain('Ordered · Bay Tow yard 2, 1200 Harbor Way, Oakland CA');
    expect(html).not.toContain('release-code');
    expect(renderToStaticMarkup(<InvoiceCard invoice={invoice} release={null} buyer={false} />)).not.toContain('transfer-instructions');
  });
});

describe('ConditionReport', () => {
  it('shows the tow operator’s notes, the keys and the lender’s note', () => {
    const html = renderToStaticMarkup(
      <ConditionReport lot={{ condition_report: { recovered_at: '2026-11-20T09:00:00.000Z', notes: 'dent on the rear left door', odometer: 81_234, keys_recovered: false, lender_note: 'Second key in the glovebox.' } }} />,
    );
    expect(html).toContain('<dd data-testid="condition-notes">dent on the rear left door</dd>');
    expect(html).toContain('<dd>81234 mi</dd>');
    expect(html).toContain('<dd>not recovered</dd>');
    expect(html).toContain('<dd data-testid="condition-lender-note">Second key in the glovebox.</dd>');
  });

  it('says so when there is no report, and leaves out what the report lacks', () => {
    expect(renderToStaticMarkup(<ConditionReport lot={{ condition_report: null }} />)).toContain('No condition report');
    const noteOnly = renderToStaticMarkup(<ConditionReport lot={{ condition_report: { recovered_at: null, notes: null, odometer: null, keys_recovered: null, lender_note: 'Smells of smoke.' } }} />);
    expect(noteOnly).not.toContain('Recovered');
    expect(noteOnly).not.toContain('Keys');
    expect(noteOnly).toContain('<dd data-testid="condition-notes">—</dd>');
  });
});
