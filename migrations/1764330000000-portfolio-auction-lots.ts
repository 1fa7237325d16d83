import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: the portfolio's auction results follow each lot to its last decision (DESIGN §7) — a
 * high bid accepted after a close below the reserve, a second-chance sale, a lot returned to the
 * lender unsold — and its payment and pick-up, instead of counting the close alone. One fact row
 * per closed lot (`analytics_portfolio_lots`); the monthly aggregates gain the lots paid, and the
 * days in storage are now counted to the buyer's pick-up. The lots closed so far are rebuilt from
 * the auctions' records, and their months' aggregates recounted from them.
 */
export class PortfolioAuctionLots1764330000000 implements MigrationInterface {
  name = 'PortfolioAuctionLots1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE analytics_portfolio_lots (
      lot_id uuid PRIMARY KEY,
      vehicle_id uuid,
      lender_org_id uuid,
      product text NOT NULL DEFAULT '',
      region text NOT NULL DEFAULT '',
      currency text NOT NULL DEFAULT '',
      month date,
      sold boolean NOT NULL DEFAULT false,
      price bigint NOT NULL DEFAULT 0,
      rank bigint NOT NULL DEFAULT -1,
      valuation bigint,
      paid boolean NOT NULL DEFAULT false,
      storage_days int
    )`);
    await q.query(`ALTER TABLE analytics_portfolio_auctions ADD COLUMN paid int NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE analytics_portfolio_auctions RENAME COLUMN stored_sold TO released_from_storage`);
    await q.query(`INSERT INTO analytics_portfolio_lots (lot_id, vehicle_id, lender_org_id, product, region, currency, month, sold, price, rank, valuation, paid, storage_days)
      SELECT l.id, l.vehicle_id, l.org_id, coalesce(c.product, ''), coalesce(c.region, ''), l.currency, date_trunc('month', l.closed_at)::date,
             l.status IN ('sold', 'paid', 'released', 'second_chance'),
             CASE WHEN l.status IN ('sold', 'paid', 'released', 'second_chance') THEN coalesce(l.hammer_price, 0) ELSE 0 END,
             CASE l.status WHEN 'no_sale' THEN 0 WHEN 'returned_to_lender' THEN ${Number.MAX_SAFE_INTEGER} ELSE 1 END,
             CASE WHEN v.valuation_currency = l.currency THEN v.valuation_amount END,
             l.status IN ('paid', 'released'),
             CASE WHEN r.status = 'picked_up' THEN coalesce(nullif(r.storage_days, 0), ceil(extract(epoch FROM r.picked_up_at - pv.stored_at) / 86400)::int) END
        FROM auction_lots l
        JOIN vehicles v ON v.id = l.vehicle_id
        LEFT JOIN analytics_portfolio_cases c ON c.case_id = v.case_id
        LEFT JOIN analytics_portfolio_vehicles pv ON pv.vehicle_id = l.vehicle_id
        LEFT JOIN auction_releases r ON r.lot_id = l.id
       WHERE l.closed_at IS NOT NULL AND l.status NOT IN ('cancelled', 'closed')`);
    await q.query(`DELETE FROM analytics_portfolio_auctions`);
    await q.query(`INSERT INTO analytics_portfolio_auctions (lender_org_id, product, region, month, currency, lots_closed, sold, no_sale, paid, proceeds,
        valued_sold, valued_proceeds, valuation, released_from_storage, storage_days)
      SELECT lender_org_id, product, region, month, currency, count(*), count(*) FILTER (WHERE sold), count(*) FILTER (WHERE NOT sold),
             count(*) FILTER (WHERE sold AND paid), coalesce(sum(price) FILTER (WHERE sold), 0),
             count(*) FILTER (WHERE sold AND valuation IS NOT NULL), coalesce(sum(price) FILTER (WHERE sold AND valuation IS NOT NULL), 0),
             coalesce(sum(valuation) FILTER (WHERE sold), 0),
             count(*) FILTER (WHERE storage_days IS NOT NULL), coalesce(sum(storage_days), 0)
        FROM analytics_portfolio_lots GROUP BY 1, 2, 3, 4, 5`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analytics_portfolio_auctions RENAME COLUMN released_from_storage TO stored_sold`);
    await q.query(`ALTER TABLE analytics_portfolio_auctions DROP COLUMN paid`);
    await q.query(`DROP TABLE analytics_portfolio_lots`);
  }
}
