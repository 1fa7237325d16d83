import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CasePlacements, PlacedCase } from '../cases/case-placements.service';
import { assessDelinquency } from '../cases/domain/delinquency';
import { addCounters, addCountersMany } from './counters';
import { LotFact, lotChange, monthOf, rollChange, rollDeltas, RollDelta } from './domain/portfolio-metrics';

/** One placed case as the portfolio keeps it (`analytics_portfolio_cases`). */
export interface CaseFact {
  readonly caseId: string;
  readonly lender: string;
  readonly product: string;
  readonly region: string;
  readonly currency: string;
  readonly placedOn: string;
  readonly firstMissedOn: string;
  readonly closedOn: string | null;
}

/** The dimensions every portfolio aggregate is kept by. */
export type PortfolioKey = {
  readonly lender_org_id: string;
  readonly product: string;
  readonly region: string;
  readonly month: string;
};

type CaseRow = { case_id: string; lender_org_id: string; product: string; region: string; currency: string; placed_on: string; first_missed_on: string; closed_on: string | null };

const CASE_COLUMNS = 'case_id, lender_org_id, product, region, currency, placed_on::text AS placed_on, first_missed_on::text AS first_missed_on, closed_on::text AS closed_on';

const toFact = (r: CaseRow): CaseFact => ({
  caseId: r.case_id,
  lender: r.lender_org_id,
  product: r.product,
  region: r.region,
  currency: r.currency,
  placedOn: r.placed_on,
  firstMissedOn: r.first_missed_on,
  closedOn: r.closed_on,
});

/** Where a lot counts, known from its close: the lender's book it came from, the month it closed, its currency. */
export interface LotClose {
  readonly vehicleId: string;
  readonly lender: string;
  readonly product: string;
  readonly region: string;
  readonly currency: string;
  readonly month: string;
  readonly valuation: number | null;
}

type LotRow = { lender_org_id: string | null; product: string; region: string; currency: string; month: string | null; sold: boolean; price: string; rank: string; valuation: string | null; paid: boolean; storage_days: number | null };

export const keyOf = (c: Pick<CaseFact, 'lender' | 'product' | 'region'>, month: string): PortfolioKey => ({ lender_org_id: c.lender, product: c.product, region: c.region, month });

const ROLL_TYPES = { lender_org_id: 'uuid', product: 'text', region: 'text', month: 'date', from_state: 'text', to_state: 'text', delta: 'int' } as const;
const ROLL_KEYS = ['lender_org_id', 'product', 'region', 'month', 'from_state', 'to_state'];

/**
 * Writes the lender portfolio's read model (issue 17) in the subscriber's transaction. A case's
 * fact is made the first time an event names it — its placement, or a later event for a case placed
 * before the read model existed — from what cases says of it; its placement counts in the month it
 * was placed, its roll path as running-total deltas (`rollDeltas`).
 */
@Injectable()
export class PortfolioFacts {
  constructor(private readonly placements: CasePlacements) {}

  /** Cases a `case.placed` names (one, or a bulk placement's), counted once each. */
  async placed(manager: EntityManager, placement: { caseId?: string; importId?: string }): Promise<void> {
    await this.record(manager, await this.placements.placed(manager, placement));
  }

  /** The case's fact, locked for the transaction; made from the case when no placement was seen. Null for an unknown case. */
  async caseFact(manager: EntityManager, caseId: string | null): Promise<CaseFact | null> {
    if (caseId === null) return null;
    const existing = await this.locked(manager, caseId);
    if (existing) return existing;
    await this.record(manager, await this.placements.byIds(manager, [caseId]));
    return this.locked(manager, caseId);
  }

  /** The case left the book (resolved, written off) on a day, or came back (`null`): its roll path moves. */
  async closed(manager: EntityManager, fact: CaseFact, closedOn: string | null): Promise<void> {
    if ((fact.closedOn === null) === (closedOn === null)) return;
    await manager.query(`UPDATE analytics_portfolio_cases SET closed_on = $2 WHERE case_id = $1`, [fact.caseId, closedOn]);
    const change = rollChange(rollDeltas(fact.firstMissedOn, fact.placedOn, fact.closedOn), rollDeltas(fact.firstMissedOn, fact.placedOn, closedOn));
    await this.rolls(manager, fact, change);
  }

  /**
   * Moves a lot's fact by `change` (and places it, on its close) and its month's auction results by
   * the difference. A lot's later events may be handled before its close: their fact waits, counted
   * nowhere, until the close names its month.
   */
  async lot(manager: EntityManager, lotId: string, change: (fact: LotFact) => LotFact, close?: LotClose): Promise<void> {
    await manager.query(`INSERT INTO analytics_portfolio_lots (lot_id) VALUES ($1) ON CONFLICT (lot_id) DO NOTHING`, [lotId]);
    const [row] = (await manager.query(
      `SELECT lender_org_id, product, region, currency, month::text AS month, sold, price::text AS price, rank::text AS rank, valuation::text AS valuation, paid, storage_days
         FROM analytics_portfolio_lots WHERE lot_id = $1 FOR UPDATE`,
      [lotId],
    )) as LotRow[];
    const before: LotFact = { month: row!.month, sold: row!.sold, price: Number(row!.price), rank: Number(row!.rank), valuation: row!.valuation === null ? null : Number(row!.valuation), paid: row!.paid, storageDays: row!.storage_days };
    const placing = close !== undefined && before.month === null;
    const place = placing ? { lender: close.lender, product: close.product, region: close.region, currency: close.currency } : { lender: row!.lender_org_id, product: row!.product, region: row!.region, currency: row!.currency };
    const after = change(placing ? { ...before, month: close.month, valuation: close.valuation } : before);
    await manager.query(
      `UPDATE analytics_portfolio_lots SET vehicle_id = coalesce($2, vehicle_id), lender_org_id = $3, product = $4, region = $5, currency = $6, month = $7,
         sold = $8, price = $9, rank = $10, valuation = $11, paid = $12, storage_days = $13 WHERE lot_id = $1`,
      [lotId, close?.vehicleId ?? null, place.lender, place.product, place.region, place.currency, after.month, after.sold, after.price, after.rank, after.valuation, after.paid, after.storageDays],
    );
    if (after.month === null || place.lender === null) return;
    await this.bump(manager, 'auctions', { ...keyOf({ lender: place.lender, product: place.product, region: place.region }, after.month), currency: place.currency }, lotChange(before, after));
  }

  async bump(manager: EntityManager, table: PortfolioTable, keys: PortfolioKey & Readonly<Record<string, string | number>>, deltas: Record<string, number>): Promise<void> {
    await addCounters(manager, `analytics_portfolio_${table}`, keys, deltas);
  }

  /** Facts for placed cases not yet known, their placements and roll paths: a bulk placement's in a few statements. */
  async record(manager: EntityManager, cases: readonly PlacedCase[]): Promise<void> {
    if (cases.length === 0) return;
    const placedOn = (c: PlacedCase) => c.placedAt.toISOString().slice(0, 10);
    const fresh = new Set<string>();
    for (let i = 0; i < cases.length; i += INSERT_CHUNK) {
      const chunk = cases.slice(i, i + INSERT_CHUNK);
      const rows = (await manager.query(
        `INSERT INTO analytics_portfolio_cases (case_id, lender_org_id, product, region, currency, placed_on, first_missed_on, amount_placed)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[], $8::bigint[])
         ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
        [chunk.map((c) => c.id), chunk.map((c) => c.lenderOrgId), chunk.map((c) => c.product), chunk.map((c) => c.region), chunk.map((c) => c.currency), chunk.map(placedOn), chunk.map((c) => c.firstMissedDueDate), chunk.map((c) => c.totalDue)],
      )) as { case_id: string }[];
      for (const r of rows) fresh.add(r.case_id);
    }
    const placements = new Map<string, Record<string, string | number>>();
    const rolls = new Map<string, Record<string, string | number>>();
    for (const c of cases) {
      if (!fresh.has(c.id)) continue;
      const day = placedOn(c);
      const { bucket, stage } = assessDelinquency(c.firstMissedDueDate, day);
      const key = keyOf({ lender: c.lenderOrgId, product: c.product, region: c.region }, monthOf(day));
      const p = `${key.lender_org_id}|${key.product}|${key.region}|${key.month}|${bucket}|${stage}|${c.currency}`;
      const row = placements.get(p) ?? { ...key, bucket, stage, currency: c.currency, cases: 0, amount: 0 };
      row.cases = (row.cases as number) + 1;
      row.amount = (row.amount as number) + c.totalDue;
      placements.set(p, row);
      for (const d of rollDeltas(c.firstMissedDueDate, day, null)) addRoll(rolls, { lender: c.lenderOrgId, product: c.product, region: c.region }, d);
    }
    await addCountersMany(
      manager,
      'analytics_portfolio_placements',
      { lender_org_id: 'uuid', product: 'text', region: 'text', month: 'date', bucket: 'text', stage: 'text', currency: 'text', cases: 'int', amount: 'bigint' },
      ['lender_org_id', 'product', 'region', 'month', 'bucket', 'stage', 'currency'],
      [...placements.values()],
    );
    await addCountersMany(manager, 'analytics_portfolio_rolls', ROLL_TYPES, ROLL_KEYS, [...rolls.values()]);
  }

  private async rolls(manager: EntityManager, fact: CaseFact, deltas: readonly RollDelta[]): Promise<void> {
    const rows = new Map<string, Record<string, string | number>>();
    for (const d of deltas) addRoll(rows, fact, d);
    await addCountersMany(manager, 'analytics_portfolio_rolls', ROLL_TYPES, ROLL_KEYS, [...rows.values()]);
  }

  private async locked(manager: EntityManager, caseId: string): Promise<CaseFact | null> {
    const [row] = (await manager.query(`SELECT ${CASE_COLUMNS} FROM analytics_portfolio_cases WHERE case_id = $1 FOR UPDATE`, [caseId])) as CaseRow[];
    return row ? toFact(row) : null;
  }
}

export type PortfolioTable = 'recoveries' | 'costs' | 'repossessions' | 'auctions' | 'settlements';

const INSERT_CHUNK = 5000;

function addRoll(rows: Map<string, Record<string, string | number>>, c: Pick<CaseFact, 'lender' | 'product' | 'region'>, d: RollDelta): void {
  const key = `${c.lender}|${c.product}|${c.region}|${d.month}|${d.from}|${d.to}`;
  const row = rows.get(key) ?? { ...keyOf(c, d.month), from_state: d.from, to_state: d.to, delta: 0 };
  row.delta = (row.delta as number) + d.delta;
  rows.set(key, row);
}
