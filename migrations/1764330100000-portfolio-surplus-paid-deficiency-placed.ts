import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: the portfolio's settlements say what became of their surplus and deficiency — the
 * surpluses paid to borrowers (UCC §9-615(d)(1)) and the deficiencies placed for collection, by the
 * month it happened. The ones already recorded are counted from the settlements.
 */
export class PortfolioSurplusPaidDeficiencyPlaced1764330100000 implements MigrationInterface {
  name = 'PortfolioSurplusPaidDeficiencyPlaced1764330100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analytics_portfolio_settlements
      ADD COLUMN surplus_paid bigint NOT NULL DEFAULT 0, ADD COLUMN surplus_paid_count int NOT NULL DEFAULT 0,
      ADD COLUMN deficiency_placed bigint NOT NULL DEFAULT 0, ADD COLUMN deficiency_placed_count int NOT NULL DEFAULT 0`);
    for (const [at, amount, column] of [
      ['surplus_paid_at', 'surplus', 'surplus_paid'],
      ['deficiency_placed_at', 'deficiency', 'deficiency_placed'],
    ] as const) {
      await q.query(`INSERT INTO analytics_portfolio_settlements (lender_org_id, product, region, month, currency, ${column}, ${column}_count)
        SELECT c.lender_org_id, c.product, c.region, date_trunc('month', s.${at})::date, s.currency, sum(s.${amount}), count(*)
          FROM settlements s JOIN analytics_portfolio_cases c ON c.case_id = s.case_id
         WHERE s.${at} IS NOT NULL GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT (lender_org_id, product, region, month, currency) DO UPDATE SET ${column} = EXCLUDED.${column}, ${column}_count = EXCLUDED.${column}_count`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analytics_portfolio_settlements DROP COLUMN surplus_paid, DROP COLUMN surplus_paid_count, DROP COLUMN deficiency_placed, DROP COLUMN deficiency_placed_count`);
  }
}
