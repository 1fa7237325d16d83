import type { Money } from '../../common/money/money';
import { CREDENTIAL_LABELS, CredentialType } from '../../partners/domain/credential';
import { formatMoney } from '../../common/money/money-text';
import type { EventPayload, EventType } from '../../events/event-catalogue';
import { isEventType } from '../../events/event-catalogue';

/**
 * E-mail per event (DESIGN §9: e-mail through SMTP when configured): a subject, plain text and
 * HTML. Every value from the payload is stripped of control characters (no header injection
 * through the subject) and HTML-escaped in the HTML part. An event without a template, or whose
 * payload lacks a field its template needs, gets the generic message rather than a half-filled
 * one. E-mails carry references and amounts, never borrower PII (DESIGN §2: PII is masked
 * outside the app), so the reader follows the link to see details under their own permissions.
 */
export interface EmailEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface RenderOptions {
  /** Base URL of the web app (`https://app.reclaim.example`); without it the e-mail has no link. */
  readonly appUrl?: string;
}

type FieldKind = 'text' | 'money' | 'date' | 'datetime' | 'credential_type' | 'count';

/**
 * A template reads fields of its event's payload, named as the catalogue declares them
 * (`src/events/event-catalogue.ts`): a field the payload does not have fails `npm run typecheck`.
 */
interface Template<P = Record<string, unknown>> {
  readonly fields: { readonly [K in keyof P & string]?: FieldKind };
  readonly subject: (v: Values<P>) => string;
  readonly lines: (v: Values<P>) => readonly string[];
  /** App path from raw-but-sanitised values; each segment is URL-encoded. */
  readonly path: (v: Values<P>) => readonly string[];
}
type Values<P> = Readonly<Record<keyof P & string, string>>;

const TEMPLATES: { readonly [T in EventType]?: Template<EventPayload<T>> } = {
  'listing.published': {
    fields: { listing_id: 'text', listing_title: 'text', case_count: 'count', total_balance: 'money', deadline: 'datetime' },
    subject: (v) => `New listing: ${v.listing_title}`,
    lines: (v) => [`A listing you are eligible for has been published: ${v.listing_title}.`, `Cases: ${v.case_count}, total balance ${v.total_balance}.`, `Bidding closes ${v.deadline}.`],
    path: (v) => ['listings', v.listing_id],
  },
  'bid.placed': {
    fields: { listing_id: 'text', listing_title: 'text', partner_name: 'text' },
    subject: (v) => `New bid on ${v.listing_title}`,
    lines: (v) => [`${v.partner_name} has bid on ${v.listing_title}.`],
    path: (v) => ['listings', v.listing_id],
  },
  'listing.awarded': {
    fields: { listing_id: 'text', listing_title: 'text' },
    subject: (v) => `Listing awarded: ${v.listing_title}`,
    lines: (v) => [`${v.listing_title} has been awarded. Open the listing to see the result.`],
    path: (v) => ['listings', v.listing_id],
  },
  'job.offered': {
    fields: { job_id: 'text', job_title: 'text', accept_deadline: 'datetime' },
    subject: (v) => `Job offered: ${v.job_title}`,
    lines: (v) => [`You have been offered a job: ${v.job_title}.`, `Accept it by ${v.accept_deadline} or it expires.`],
    path: (v) => ['jobs', v.job_id],
  },
  'job.accepted': {
    fields: { job_id: 'text', job_title: 'text', partner_name: 'text' },
    subject: (v) => `Job accepted: ${v.job_title}`,
    lines: (v) => [`${v.partner_name} has accepted ${v.job_title}.`],
    path: (v) => ['jobs', v.job_id],
  },
  'job.on_hold': {
    fields: { job_id: 'text', job_title: 'text', reason: 'text' },
    subject: (v) => `Stop work now: ${v.job_title} is on hold`,
    lines: (v) => [`${v.job_title} is on hold: ${v.reason}.`, 'Stop all work on it at once and acknowledge the hold in Reclaim.'],
    path: (v) => ['jobs', v.job_id],
  },
  'job.duty_breached': {
    fields: { job_id: 'text', job_title: 'text', citation: 'text', due_at: 'datetime' },
    subject: (v) => `Repossession duty missed: ${v.job_title}`,
    lines: (v) => [`A duty after the recovery on ${v.job_title} was not fulfilled by ${v.due_at} (${v.citation}).`, 'Fulfil it now and record it on the job; the breach counts on the partner’s statistics.'],
    path: (v) => ['jobs', v.job_id],
  },
  'job.cancelled': {
    fields: { job_id: 'text', job_title: 'text', reason: 'text' },
    subject: (v) => `Job cancelled: ${v.job_title}`,
    lines: (v) => [`${v.job_title} has been cancelled (${v.reason}).`, 'Stop all work on it.'],
    path: (v) => ['jobs', v.job_id],
  },
  'job.hold_escalated': {
    fields: { job_id: 'text', job_title: 'text', unacknowledged_minutes: 'count' },
    subject: (v) => `Hold not acknowledged: ${v.job_title}`,
    lines: (v) => [`The hold on ${v.job_title} has not been acknowledged for ${v.unacknowledged_minutes} minutes.`, 'Make sure the partner has stopped all work on it.'],
    path: (v) => ['jobs', v.job_id],
  },
  'auction.settlement_blocked': {
    fields: { lot_id: 'text', code: 'text', detail: 'text' },
    subject: () => 'A paid lot could not be settled',
    lines: (v) => [`The buyer paid, but the sale could not be settled: ${v.detail} (${v.code}).`, 'The hammer price waits in your auction escrow; correct the settlement inputs and settle the lot again.'],
    path: (v) => ['auctions', v.lot_id],
  },
  'settlement.explanation_overdue': {
    fields: { settlement_id: 'text', case_id: 'text' },
    subject: () => 'Overdue: a borrower’s request for the explanation of a sale',
    lines: () => ['A borrower asked for the UCC §9-616 explanation of a sale more than 14 days ago and has not been answered.', 'Open the settlement, send the explanation and record the answer.'],
    path: (v) => ['settlements', v.settlement_id],
  },
  'job.sla_breached': {
    fields: { job_id: 'text', job_title: 'text', sla: 'text', due_at: 'datetime' },
    subject: (v) => `SLA breached: ${v.job_title}`,
    lines: (v) => [`${v.job_title} missed its ${v.sla} SLA, due ${v.due_at}.`, 'Open the job to see its progress.'],
    path: (v) => ['jobs', v.job_id],
  },
  'credential.expiring': {
    fields: { partner_name: 'text', credential_type: 'credential_type', expires_on: 'date' },
    subject: (v) => `${v.partner_name}: ${v.credential_type} expires on ${v.expires_on}`,
    lines: (v) => [
      `The ${v.credential_type} of ${v.partner_name} expires on ${v.expires_on}.`,
      'Upload the renewal before then: a partner whose required credential lapses is suspended.',
    ],
    path: () => ['partner-profile'],
  },
  'partner.suspended': {
    fields: { partner_name: 'text', reason: 'text' },
    subject: (v) => `Partner suspended: ${v.partner_name}`,
    lines: (v) => [`${v.partner_name} has been suspended (${v.reason}).`, 'It cannot bid or be assigned new work until reinstated.'],
    path: () => ['jobs'],
  },
  'partner.suspension_notice': {
    fields: { partner_name: 'text', reason: 'text', open_jobs: 'count' },
    subject: (v) => `Partner suspended: ${v.partner_name}`,
    lines: (v) => [`${v.partner_name} has been suspended (${v.reason}).`, `Your open jobs with it: ${v.open_jobs}. It cannot be assigned new work until reinstated.`],
    path: () => ['jobs'],
  },
  'webhook_endpoint.disabled': {
    fields: { endpoint_url: 'text', failing_since: 'datetime' },
    subject: (v) => `Webhook endpoint disabled: ${v.endpoint_url}`,
    lines: (v) => [
      `Deliveries to ${v.endpoint_url} have failed continuously since ${v.failing_since}, so the endpoint has been disabled.`,
      'Fix the receiver, enable the endpoint again, and replay the dead-lettered deliveries.',
    ],
    path: () => ['notifications'],
  },
  // Money (issue 14).
  'payment.received': {
    fields: { payment_id: 'text', amount: 'money', commission: 'money' },
    subject: (v) => `Payment confirmed: ${v.amount}`,
    lines: (v) => [`A payment of ${v.amount} was confirmed on a case.`, `Commission: ${v.commission}.`],
    path: (v) => ['payments', v.payment_id],
  },
  'payment.reversed': {
    fields: { payment_id: 'text', amount: 'money', commission: 'money', reason: 'text' },
    subject: (v) => `Payment reversed: ${v.amount}`,
    lines: (v) => [`A payment of ${v.amount} was reversed (${v.reason}).`, `Its commission of ${v.commission} is reversed and appears on your next statement.`],
    path: (v) => ['payments', v.payment_id],
  },
  'statement.issued': {
    fields: { statement_id: 'text', net_payable: 'money', line_count: 'count' },
    subject: (v) => `Statement issued: ${v.net_payable} net payable`,
    lines: (v) => [`Your statement of ${v.line_count} lines was issued; net payable ${v.net_payable}.`],
    path: (v) => ['statements', v.statement_id],
  },
  // Auctions (issue 15): bidding and the close, DESIGN §7 — a buyer acts on these within minutes or days.
  'auction.outbid': {
    fields: { lot_id: 'text', current_price: 'money', ends_at: 'datetime' },
    subject: (v) => `Outbid: the price is now ${v.current_price}`,
    lines: (v) => [`Another buyer's maximum beat yours on a lot you bid on; the current price is ${v.current_price}.`, `The lot ends at ${v.ends_at} (a bid in its last minutes extends it). Bid again to take the lead.`],
    path: (v) => ['auctions', v.lot_id],
  },
  'auction.closed': {
    fields: { lot_id: 'text', outcome: 'text', bid_count: 'count' },
    subject: (v) => (v.outcome === 'sold' ? 'Lot sold' : 'Lot closed without a sale'),
    lines: (v) =>
      v.outcome === 'sold'
        ? [`The lot closed with ${v.bid_count} bids and is sold; the winner has been invoiced.`, 'Bidders who did not win have their deposit holds on it released.']
        : [`The lot closed with ${v.bid_count} bids without a sale (its reserve was not met, or nobody bid).`, 'Its lender may accept the high bid within 24 hours or list the vehicle again.'],
    path: (v) => ['auctions', v.lot_id],
  },
  'auction.invoice_issued': {
    fields: { invoice_id: 'text', total: 'money', balance_due: 'money', due_on: 'date' },
    subject: (v) => `You won a lot: invoice of ${v.total}, due ${v.due_on}`,
    lines: (v) => [
      `You won the lot. Your invoice totals ${v.total} (the hammer price, the buyer premium and the fees), with your deposit applied.`,
      `Pay the balance of ${v.balance_due} by ${v.due_on}, by card or bank transfer. Unpaid by then, the deposit is forfeit and the lot goes to the next bidder.`,
    ],
    path: (v) => ['invoices', v.invoice_id],
  },
  'auction.cancelled': {
    fields: { lot_id: 'text', reason: 'text' },
    subject: () => 'A lot you bid on was withdrawn',
    lines: (v) => [`The lot was withdrawn before it closed: ${v.reason}.`, 'Your deposit hold on it is released; no bid on it stands.'],
    path: (v) => ['auctions', v.lot_id],
  },
  'auction.high_bid_accepted': {
    fields: { invoice_id: 'text', hammer_price: 'money' },
    subject: (v) => `High bid accepted: ${v.hammer_price}`,
    lines: (v) => [`The lot closed below its reserve, and its lender accepted the high bid of ${v.hammer_price}.`, 'The lot is sold to the high bidder; the invoice is in Reclaim.'],
    path: (v) => ['invoices', v.invoice_id],
  },
  'auction.returned_to_lender': {
    fields: { lot_id: 'text', vehicle_id: 'text' },
    subject: () => 'Lot back with you: no buyer left',
    lines: () => ['The winner of your lot did not pay and no other bidder took it at their maximum.', 'The vehicle is back in storage; list it again when you are ready (the forfeited deposit is the platform’s, DESIGN §8).'],
    path: (v) => ['vehicles', v.vehicle_id],
  },
  // Auctions (issue 15): payment and release from the yard, DESIGN §7.
  'auction.invoice_paid': {
    fields: { invoice_id: 'text', total: 'money', balance_paid: 'money', deposit_applied: 'money' },
    subject: (v) => `Auction invoice paid: ${v.total}`,
    lines: (v) => [`The auction invoice of ${v.total} is paid: ${v.balance_paid} received, the deposit of ${v.deposit_applied} applied.`, 'The release order has gone to the yard; the buyer finds its release code on the invoice.'],
    path: (v) => ['invoices', v.invoice_id],
  },
  'auction.release_ordered': {
    fields: { release_id: 'text', vin: 'text', pickup_name: 'text', pickup_address: 'text' },
    subject: (v) => `Release order: ${v.vin}`,
    lines: (v) => [`Vehicle ${v.vin} is paid for and may leave ${v.pickup_name} (${v.pickup_address}).`, 'Release it only to the buyer who shows the release code, and confirm the pick-up with that code in Reclaim.'],
    path: (v) => ['releases', v.release_id],
  },
  'auction.released': {
    fields: { release_id: 'text', vin: 'text', picked_up_at: 'datetime', storage_days: 'count' },
    subject: (v) => `Vehicle picked up: ${v.vin}`,
    lines: (v) => [`Vehicle ${v.vin} was picked up by its buyer at ${v.picked_up_at}, after ${v.storage_days} days in storage.`, 'The itemised storage is on the release.'],
    path: (v) => ['releases', v.release_id],
  },
  // Issue 15: a buyer offered a lot after its winner did not pay must answer before the offer lapses.
  'auction.second_chance_offered': {
    fields: { lot_id: 'text', price: 'money', deposit_required: 'money', expires_at: 'datetime' },
    subject: (v) => `Second-chance offer: a lot at your maximum of ${v.price}`,
    lines: (v) => [`The winner of a lot you bid on did not pay. It is offered to you at your maximum, ${v.price}.`, `Accept or decline by ${v.expires_at}; accepting needs a deposit hold of ${v.deposit_required}.`],
    path: (v) => ['auctions', v.lot_id],
  },
  'auction.invoice_defaulted': {
    fields: { lot_id: 'text', balance_due: 'money', due_on: 'date' },
    subject: (v) => `Auction invoice unpaid: ${v.balance_due} was due on ${v.due_on}`,
    lines: (v) => [`An auction invoice with ${v.balance_due} still due on ${v.due_on} was not paid.`, 'The buyer’s deposit was kept as forfeit and the lot goes to the next bidder, or back to its lender.'],
    path: (v) => ['auctions', v.lot_id],
  },
};

const GENERIC: Template = {
  fields: {},
  subject: () => 'You have a new notification on Reclaim',
  lines: () => ['Something has happened on Reclaim that concerns you.', 'Open your notifications to see it.'],
  path: () => ['notifications'],
};

const CONTROL = /[\p{Cc}\u2028\u2029]+/gu;
const MAX_VALUE_LENGTH = 200;

function clean(value: string): string {
  const flat = value.replace(CONTROL, ' ').trim();
  return flat.length > MAX_VALUE_LENGTH ? `${flat.slice(0, MAX_VALUE_LENGTH - 1)}…` : flat;
}

function isMoney(value: unknown): value is Money {
  const m = value as Money;
  return typeof m === 'object' && m !== null && Number.isSafeInteger(m.amount) && typeof m.currency === 'string' && /^[A-Z]{3}$/.test(m.currency);
}

function formatField(kind: FieldKind, value: unknown): string | null {
  if (kind === 'money') return isMoney(value) ? formatMoney(value) : null;
  if (kind === 'count') return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : null;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = clean(String(value));
  if (text === '') return null;
  switch (kind) {
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : null;
    case 'datetime': {
      const ms = Date.parse(text);
      // Recipients are in many time zones; the e-mail says UTC rather than guess theirs (DESIGN §2).
      return Number.isNaN(ms) ? null : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    }
    case 'credential_type':
      return CREDENTIAL_LABELS[text as CredentialType] ?? text.replace(/_/g, ' ');
    default:
      return text;
  }
}

function fill(template: Template, data: EmailEvent['data']): Values<Record<string, unknown>> | null {
  const values: Record<string, string> = {};
  for (const [name, kind] of Object.entries(template.fields)) {
    if (kind === undefined) continue;
    const value = formatField(kind, data[name]);
    if (value === null) return null;
    values[name] = value;
  }
  return values;
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function renderEmail(event: EmailEvent, options: RenderOptions = {}): RenderedEmail {
  const specific = templateOf(event.type);
  const filled = specific ? fill(specific, event.data) : null;
  const [template, values] = specific && filled ? [specific, filled] : [GENERIC, {}];

  const lines = template.lines(values);
  const url = options.appUrl
    ? `${options.appUrl.replace(/\/+$/, '')}/${template.path(values).map(encodeURIComponent).join('/')}`
    : null;
  const footer = 'You receive this because of your role in your organisation on Reclaim.';

  const text = [...lines, ...(url ? ['', `Open in Reclaim: ${url}`] : []), '', footer].join('\n');
  const html = [
    '<!doctype html><html><body>',
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    ...(url ? [`<p><a href="${escapeHtml(url)}">Open in Reclaim</a></p>`] : []),
    `<p style="color:#666;font-size:12px">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: template.subject(values), text, html };
}

/** The template of a stored event's type; events from the queue are read as untyped JSON. */
function templateOf(type: string): Template | undefined {
  if (!isEventType(type)) return undefined;
  const template: Template<never> | undefined = TEMPLATES[type];
  return template;
}
