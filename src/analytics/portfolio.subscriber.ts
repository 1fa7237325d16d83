import { EntityManager } from 'typeorm';
import type { EventType } from '../events/event-catalogue';
import { DomainEventMessage } from '../common/outbox/domain-event';
import { DomainEventSubscriber, SubscribesTo } from '../common/outbox/event-dispatcher';
import { VehiclesService } from '../vehicles/vehicles.service';
import { curveStep, decideLot, LOT_DECISION, monthOf, storageDaysOf } from './domain/portfolio-metrics';
import { CaseFact, keyOf, PortfolioFacts } from './portfolio-facts.service';
import { ScorecardFacts } from './scorecard-facts.service';

/** Case statuses that take a case out of the lender's book (DESIGN §4): the roll matrix's `closed`. */
const CLOSED_STATUSES: readonly string[] = ['resolved', 'written_off'];

type Handler<T extends EventType> = (event: DomainEventMessage<T>, manager: EntityManager) => Promise<void>;

const HOUR_MS = 3_600_000;
const dayOf = (iso: string) => iso.slice(0, 10);

/**
 * Keeps the lender portfolio (DESIGN §10, issue 17) current from the events of placement, payment,
 * recovery, sale and settlement. One handler per event type: an event another module adds later is
 * one more entry in `handlers`, its type in the list. A lot's result follows its decisions (the
 * close, the high bid accepted, a second-chance sale, the return to the lender), its payment and
 * its pick-up. Idempotent by event id through the dispatcher, in the dispatcher's transaction.
 */
@SubscribesTo('analytics.portfolio', [
  'case.placed',
  'case.status_changed',
  'payment.received',
  'payment.reversed',
  'vehicle.recovered',
  'vehicle.stored',
  'auction.closed',
  'auction.high_bid_accepted',
  'auction.second_chance_accepted',
  'auction.returned_to_lender',
  'auction.invoice_paid',
  'auction.released',
  'settlement.completed',
  'settlement.surplus_paid',
  'settlement.deficiency_placed',
])
export class PortfolioSubscriber implements DomainEventSubscriber<PortfolioEvent> {
  constructor(
    private readonly portfolio: PortfolioFacts,
    private readonly jobs: ScorecardFacts,
    private readonly vehicles: VehiclesService,
  ) {}

  private readonly handlers: { readonly [T in PortfolioEvent]: Handler<T> } = {
    'case.placed': async (e, m) => this.portfolio.placed(m, { caseId: e.payload.case_id, importId: e.payload.import_id }),

    'case.status_changed': async (e, m) => {
      const p = e.payload;
      const closing = CLOSED_STATUSES.includes(p.to);
      if (closing === CLOSED_STATUSES.includes(p.from)) return;
      const fact = await this.portfolio.caseFact(m, p.case_id);
      if (fact) await this.portfolio.closed(m, fact, closing ? dayOf(e.occurred_at) : null);
    },

    'payment.received': async (e, m) => {
      const p = e.payload;
      const fact = await this.portfolio.caseFact(m, p.case_id);
      if (!fact) return;
      const step = curveStep(fact.placedOn, p.received_on);
      const kind = p.job_id ? ((await this.jobs.job(m, p.job_id))?.bucket.kind ?? null) : null;
      const commission = p.commission.currency === p.amount.currency ? p.commission.amount : 0;
      const inserted = (await m.query(
        `INSERT INTO analytics_portfolio_payments (payment_id, case_id, step, amount, currency, partner_org_id, kind, commission, received_month)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (payment_id) DO NOTHING RETURNING payment_id`,
        [p.payment_id, fact.caseId, step, p.amount.amount, p.amount.currency, p.partner_org_id, kind, commission, monthOf(p.received_on)],
      )) as unknown[];
      if (inserted.length === 0) return;
      await this.payment(m, fact, { step, amount: p.amount.amount, currency: p.amount.currency, partner: p.partner_org_id, kind, commission, month: monthOf(p.received_on) }, 1);
    },

    'payment.reversed': async (e, m) => {
      const [row] = (await m.query(
        `DELETE FROM analytics_portfolio_payments WHERE payment_id = $1
         RETURNING step, amount::text AS amount, currency, partner_org_id, kind, commission::text AS commission, received_month::text AS month`,
        [e.payload.payment_id],
      )) as { step: number; amount: string; currency: string; partner_org_id: string | null; kind: string | null; commission: string; month: string }[];
      const fact = row ? await this.portfolio.caseFact(m, e.payload.case_id) : null;
      if (!row || !fact) return;
      await this.payment(m, fact, { step: row.step, amount: Number(row.amount), currency: row.currency, partner: row.partner_org_id, kind: row.kind, commission: Number(row.commission), month: row.month }, -1);
    },

    'vehicle.recovered': async (e, m) => {
      const p = e.payload;
      const fact = await this.portfolio.caseFact(m, p.case_id);
      const job = await this.jobs.job(m, p.job_id);
      const inserted = (await m.query(
        `INSERT INTO analytics_portfolio_vehicles (vehicle_id, case_id, lender_org_id, product, region, job_id, partner_org_id, kind, ordered_at, recovered_at, mode)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (vehicle_id) DO UPDATE SET job_id = EXCLUDED.job_id, partner_org_id = EXCLUDED.partner_org_id, kind = EXCLUDED.kind, ordered_at = EXCLUDED.ordered_at,
           recovered_at = EXCLUDED.recovered_at, mode = EXCLUDED.mode WHERE analytics_portfolio_vehicles.recovered_at IS NULL
         RETURNING vehicle_id`,
        [p.vehicle_id, p.case_id, p.lender_org_id, fact?.product ?? '', fact?.region ?? '', p.job_id, p.partner_org_id, job?.bucket.kind ?? null, job?.acceptedAt ?? null, p.occurred_at, p.mode],
      )) as unknown[];
      if (inserted.length === 0) return;
      const key = keyOf(fact ?? { lender: p.lender_org_id, product: '', region: '' }, monthOf(dayOf(p.occurred_at)));
      const hours = job ? Math.max(0, Math.round((Date.parse(p.occurred_at) - job.acceptedAt.getTime()) / HOUR_MS)) : 0;
      await this.portfolio.bump(m, 'repossessions', key, { recoveries: 1, voluntary: p.mode === 'voluntary' ? 1 : 0, timed: job ? 1 : 0, hours_to_recovery: hours });
      // The repossession's fee at its frozen terms (DESIGN §5): what the recovery cost the lender.
      const fee = job ? ((p.mode === 'voluntary' ? job.flatFees.voluntary_surrender : undefined) ?? job.flatFees.repossession) : undefined;
      if (job && fee) await this.portfolio.bump(m, 'costs', { ...key, partner_org_id: p.partner_org_id, kind: job.bucket.kind, currency: fee.currency }, { fees: fee.amount });
    },

    'vehicle.stored': async (e, m) => {
      await m.query(`UPDATE analytics_portfolio_vehicles SET stored_at = coalesce(stored_at, $2) WHERE vehicle_id = $1`, [e.payload.vehicle_id, e.payload.occurred_at]);
    },

    'auction.closed': async (e, m) => {
      const p = e.payload;
      const vehicle = await this.vehicles.get({ orgId: p.lender_org_id, orgKind: 'lender', role: 'viewer', userId: null, apiKeyId: null }, p.vehicle_id).catch(() => null);
      const fact = await this.portfolio.caseFact(m, vehicle?.case_id ?? null);
      // An unsold lot's event names no money: the case's currency, else the valuation's.
      const currency = p.hammer_price?.currency ?? fact?.currency ?? vehicle?.valuation?.currency ?? '';
      const valuation = vehicle?.valuation && vehicle.valuation.currency === currency ? vehicle.valuation.amount : null;
      const close = { vehicleId: p.vehicle_id, lender: p.lender_org_id, product: fact?.product ?? '', region: fact?.region ?? '', currency, month: monthOf(dayOf(e.occurred_at)), valuation };
      const sold = p.outcome === 'sold' && p.hammer_price !== null;
      await this.portfolio.lot(m, p.lot_id, (f) => decideLot(f, { rank: LOT_DECISION.closed, sold, price: p.hammer_price?.amount ?? 0 }), close);
    },

    'auction.high_bid_accepted': async (e, m) =>
      this.portfolio.lot(m, e.payload.lot_id, (f) => decideLot(f, { rank: LOT_DECISION.highBidAccepted, sold: true, price: e.payload.hammer_price.amount })),

    'auction.second_chance_accepted': async (e, m) =>
      this.portfolio.lot(m, e.payload.lot_id, (f) => decideLot(f, { rank: LOT_DECISION.secondChance(e.payload.rank), sold: true, price: e.payload.price.amount })),

    'auction.returned_to_lender': async (e, m) => this.portfolio.lot(m, e.payload.lot_id, (f) => decideLot(f, { rank: LOT_DECISION.returnedToLender, sold: false, price: 0 })),

    'auction.invoice_paid': async (e, m) => this.portfolio.lot(m, e.payload.lot_id, (f) => ({ ...f, paid: true })),

    'auction.released': async (e, m) => {
      const p = e.payload;
      const [kept] = (await m.query(`SELECT stored_at FROM analytics_portfolio_vehicles WHERE vehicle_id = $1`, [p.vehicle_id])) as { stored_at: Date | null }[];
      const storageDays = storageDaysOf(p.storage_days, kept?.stored_at ?? null, new Date(p.picked_up_at));
      await this.portfolio.lot(m, p.lot_id, (f) => ({ ...f, storageDays }));
    },

    'settlement.completed': async (e, m) => {
      const p = e.payload;
      const fact = await this.portfolio.caseFact(m, p.case_id);
      if (!fact) return;
      const month = monthOf(dayOf(e.occurred_at));
      await this.portfolio.bump(m, 'settlements', { ...keyOf(fact, month), currency: p.proceeds.currency }, {
        settlements: 1,
        proceeds: p.proceeds.amount,
        surplus: p.surplus.amount,
        surplus_count: p.surplus.amount > 0 ? 1 : 0,
        deficiency: p.deficiency.amount,
        deficiency_count: p.deficiency.amount > 0 ? 1 : 0,
      });
      // The sale's proceeds are what the repossession recovered: on the recovering partner's cost to collect.
      const [v] = (await m.query(`SELECT partner_org_id, kind FROM analytics_portfolio_vehicles WHERE vehicle_id = $1 AND partner_org_id IS NOT NULL`, [p.vehicle_id])) as { partner_org_id: string; kind: string }[];
      if (v) await this.portfolio.bump(m, 'costs', { ...keyOf(fact, month), partner_org_id: v.partner_org_id, kind: v.kind ?? '', currency: p.proceeds.currency }, { recovered: p.proceeds.amount });
    },

    // What became of a settlement's surplus (paid to the borrower, UCC §9-615(d)(1)) and deficiency (placed for collection), in the month it happened.
    'settlement.surplus_paid': async (e, m) => this.settled(m, e.payload.case_id, e.occurred_at, e.payload.amount, 'surplus_paid'),

    'settlement.deficiency_placed': async (e, m) => this.settled(m, e.payload.case_id, e.occurred_at, e.payload.deficiency, 'deficiency_placed'),
  };

  handle(event: DomainEventMessage<PortfolioEvent>, manager: EntityManager): Promise<void> {
    return (this.handlers[event.type] as Handler<PortfolioEvent>)(event, manager);
  }

  private async settled(m: EntityManager, caseId: string, occurredAt: string, amount: { amount: number; currency: string }, figure: 'surplus_paid' | 'deficiency_placed'): Promise<void> {
    const fact = await this.portfolio.caseFact(m, caseId);
    if (fact) await this.portfolio.bump(m, 'settlements', { ...keyOf(fact, monthOf(dayOf(occurredAt))), currency: amount.currency }, { [figure]: amount.amount, [`${figure}_count`]: 1 });
  }

  /** A payment (sign 1) or its reversal (−1): the recovery curve, and the partner's cost to collect. */
  private async payment(
    m: EntityManager,
    fact: CaseFact,
    p: { step: number; amount: number; currency: string; partner: string | null; kind: string | null; commission: number; month: string },
    sign: 1 | -1,
  ): Promise<void> {
    await this.portfolio.bump(m, 'recoveries', { ...keyOf(fact, monthOf(fact.placedOn)), currency: p.currency, step: p.step }, { recovered: sign * p.amount });
    if (p.partner && p.kind) await this.portfolio.bump(m, 'costs', { ...keyOf(fact, p.month), partner_org_id: p.partner, kind: p.kind, currency: p.currency }, { fees: sign * p.commission, recovered: sign * p.amount });
  }
}

export type PortfolioEvent =
  | 'case.placed'
  | 'case.status_changed'
  | 'payment.received'
  | 'payment.reversed'
  | 'vehicle.recovered'
  | 'vehicle.stored'
  | 'auction.closed'
  | 'auction.high_bid_accepted'
  | 'auction.second_chance_accepted'
  | 'auction.returned_to_lender'
  | 'auction.invoice_paid'
  | 'auction.released'
  | 'settlement.completed'
  | 'settlement.surplus_paid'
  | 'settlement.deficiency_placed';
