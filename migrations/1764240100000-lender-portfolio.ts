import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17 / DESIGN §10: the lender portfolio's read model, kept current from events by the
 * analytics portfolio subscriber. One fact row per placed case and per recovered vehicle, and
 * aggregates per (lender, product, region, month): placements by bucket and stage, recoveries by
 * 30-day step since placement, roll-rate deltas (running totals), cost to collect per partner and
 * kind, repossession outcomes, auction results and settlements per currency. Empty on an existing
 * database: the figures start with the events that follow.
 */
export class LenderPortfolio1764240100000 implements MigrationInterface {
  name = 'LenderPortfolio1764240100000';

  async up(q: QueryRunner): Promise<void> {
    const dims = `lender_org_id uuid NOT NULL, product text NOT NULL, region text NOT NULL, month date NOT NULL`;
    await q.query(`CREATE TABLE analytics_portfolio_cases (
      case_id uuid PRIMARY KEY,
      lender_org_id uuid NOT NULL,
      product text NOT NULL,
      region text NOT NULL,
      currency text NOT NULL,
      placed_on date NOT NULL,
      first_missed_on date NOT NULL,
      amount_placed bigint NOT NULL,
      closed_on date
    )`);
    await q.query(`CREATE TABLE analytics_portfolio_placements (${dims}, bucket text NOT NULL, stage text NOT NULL, currency text NOT NULL,
      cases int NOT NULL DEFAULT 0, amount bigint NOT NULL DEFAULT 0, PRIMARY KEY (lender_org_id, product, region, month, bucket, stage, currency))`);
    await q.query(`CREATE TABLE analytics_portfolio_recoveries (${dims}, currency text NOT NULL, step int NOT NULL,
      recovered bigint NOT NULL DEFAULT 0, PRIMARY KEY (lender_org_id, product, region, month, currency, step))`);
    await q.query(`CREATE TABLE analytics_portfolio_payments (
      payment_id uuid PRIMARY KEY, case_id uuid NOT NULL, step int NOT NULL, amount bigint NOT NULL, currency text NOT NULL,
      partner_org_id uuid, kind text, commission bigint NOT NULL DEFAULT 0, received_month date NOT NULL
    )`);
    await q.query(`CREATE TABLE analytics_portfolio_rolls (${dims}, from_state text NOT NULL, to_state text NOT NULL,
      delta int NOT NULL DEFAULT 0, PRIMARY KEY (lender_org_id, product, region, month, from_state, to_state))`);
    await q.query(`CREATE TABLE analytics_portfolio_costs (${dims}, partner_org_id uuid NOT NULL, kind text NOT NULL, currency text NOT NULL,
      fees bigint NOT NULL DEFAULT 0, recovered bigint NOT NULL DEFAULT 0, PRIMARY KEY (lender_org_id, product, region, month, partner_org_id, kind, currency))`);
    await q.query(`CREATE TABLE analytics_portfolio_vehicles (
      vehicle_id uuid PRIMARY KEY, case_id uuid, lender_org_id uuid NOT NULL, product text NOT NULL, region text NOT NULL,
      job_id uuid, partner_org_id uuid, kind text, ordered_at timestamptz(3), recovered_at timestamptz(3), mode text, stored_at timestamptz(3)
    )`);
    await q.query(`CREATE TABLE analytics_portfolio_repossessions (${dims},
      recoveries int NOT NULL DEFAULT 0, voluntary int NOT NULL DEFAULT 0, timed int NOT NULL DEFAULT 0, hours_to_recovery bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (lender_org_id, product, region, month))`);
    await q.query(`CREATE TABLE analytics_portfolio_auctions (${dims}, currency text NOT NULL,
      lots_closed int NOT NULL DEFAULT 0, sold int NOT NULL DEFAULT 0, no_sale int NOT NULL DEFAULT 0, proceeds bigint NOT NULL DEFAULT 0,
      valued_sold int NOT NULL DEFAULT 0, valued_proceeds bigint NOT NULL DEFAULT 0, valuation bigint NOT NULL DEFAULT 0,
      stored_sold int NOT NULL DEFAULT 0, storage_days bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (lender_org_id, product, region, month, currency))`);
    await q.query(`CREATE TABLE analytics_portfolio_settlements (${dims}, currency text NOT NULL,
      settlements int NOT NULL DEFAULT 0, proceeds bigint NOT NULL DEFAULT 0, surplus bigint NOT NULL DEFAULT 0, surplus_count int NOT NULL DEFAULT 0,
      deficiency bigint NOT NULL DEFAULT 0, deficiency_count int NOT NULL DEFAULT 0,
      PRIMARY KEY (lender_org_id, product, region, month, currency))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['settlements', 'auctions', 'repossessions', 'vehicles', 'costs', 'rolls', 'payments', 'recoveries', 'placements', 'cases']) await q.query(`DROP TABLE analytics_portfolio_${t}`);
  }
}
