import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 / DESIGN §7, when the winner does not pay and when the reserve is not met: a defaulted
 * invoice (its deposit forfeited), second-chance offers to the next bidders, lots returned to the
 * lender. A lot may then have several invoices (one per buyer who took it), but one that is not
 * defaulted; a second-chance buyer holds a new deposit next to the one released at the close.
 */
export class AuctionDefaults1764210000000 implements MigrationInterface {
  name = 'AuctionDefaults1764210000000';

  async up(q: QueryRunner): Promise<void> {
    await addStatuses(q, 'auction_lots', ['second_chance', 'returned_to_lender']);
    await addStatuses(q, 'auction_invoices', ['defaulted']);
    await addStatuses(q, 'auction_deposits', ['forfeited']);

    await q.query(`ALTER TABLE auction_invoices DROP CONSTRAINT auction_invoices_lot_id_key`);
    await q.query(`CREATE UNIQUE INDEX auction_invoices_one_standing ON auction_invoices (lot_id) WHERE status <> 'defaulted'`);
    await q.query(`CREATE INDEX auction_invoices_lot ON auction_invoices (lot_id)`);
    await q.query(`ALTER TABLE auction_invoices ADD COLUMN defaulted_at timestamptz(3)`);
    // The due sweep reads open invoices by due day.
    await q.query(`CREATE INDEX auction_invoices_open_due ON auction_invoices (due_on) WHERE status = 'open'`);

    await q.query(`ALTER TABLE auction_deposits DROP CONSTRAINT auction_deposits_lot_id_buyer_org_id_key`);
    await q.query(`CREATE UNIQUE INDEX auction_deposits_one_standing ON auction_deposits (lot_id, buyer_org_id) WHERE status <> 'released'`);
    await q.query(`ALTER TABLE auction_deposits ADD COLUMN forfeited_at timestamptz(3)`);

    await q.query(`CREATE TABLE auction_second_chance_offers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      lot_id uuid NOT NULL REFERENCES auction_lots (id),
      lender_org_id uuid NOT NULL REFERENCES orgs (id),
      buyer_org_id uuid NOT NULL REFERENCES orgs (id),
      rank int NOT NULL CHECK (rank > 0),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      price bigint NOT NULL CHECK (price > 0),
      deposit_required bigint NOT NULL CHECK (deposit_required >= 0),
      status text NOT NULL CHECK (status IN ('open', 'accepted', 'declined', 'expired')),
      -- The defaulted invoice that opened the way to this offer.
      after_invoice_id uuid NOT NULL REFERENCES auction_invoices (id),
      invoice_id uuid REFERENCES auction_invoices (id),
      created_at timestamptz(3) NOT NULL,
      expires_at timestamptz(3) NOT NULL,
      decided_at timestamptz(3),
      UNIQUE (lot_id, rank),
      UNIQUE (lot_id, buyer_org_id),
      CHECK (expires_at > created_at),
      CHECK ((status = 'accepted') = (invoice_id IS NOT NULL)),
      CHECK ((status = 'open') = (decided_at IS NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX auction_second_chance_one_open ON auction_second_chance_offers (lot_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX auction_second_chance_buyer ON auction_second_chance_offers (buyer_org_id, created_at DESC)`);
    await q.query(`CREATE INDEX auction_second_chance_open_expiry ON auction_second_chance_offers (expires_at) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auction_second_chance_offers`);
    await q.query(`ALTER TABLE auction_deposits DROP COLUMN forfeited_at`);
    await q.query(`DROP INDEX auction_deposits_one_standing`);
    await q.query(`ALTER TABLE auction_deposits ADD CONSTRAINT auction_deposits_lot_id_buyer_org_id_key UNIQUE (lot_id, buyer_org_id)`);
    await q.query(`DROP INDEX auction_invoices_open_due`);
    await q.query(`ALTER TABLE auction_invoices DROP COLUMN defaulted_at`);
    await q.query(`DROP INDEX auction_invoices_lot`);
    await q.query(`DROP INDEX auction_invoices_one_standing`);
    await q.query(`ALTER TABLE auction_invoices ADD CONSTRAINT auction_invoices_lot_id_key UNIQUE (lot_id)`);
  }
}

/**
 * Adds statuses to a table's `status IN (…)` check, keeping whatever it allows now: other
 * migrations of issue 15 (invoice payment, release) add statuses to the same tables, so the list
 * is read from the constraint rather than written out again here.
 */
async function addStatuses(q: QueryRunner, table: string, statuses: readonly string[]): Promise<void> {
  const name = `${table}_status_check`;
  const rows: { def: string }[] = await q.query(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND conname = $2`, [table, name]);
  if (rows.length !== 1) throw new Error(`${table} has no ${name} constraint`);
  const current = [...rows[0]!.def.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]!);
  const all = [...new Set([...current, ...statuses])];
  await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${name}`);
  await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (status IN (${all.map((s) => `'${s}'`).join(', ')}))`);
}
