import { MigrationInterface, QueryRunner } from 'typeorm';

const LISTING_KINDS = `'collection', 'repossession', 'transport', 'skip_trace'`;
const JOB_STATUSES = `'offered', 'declined', 'accepted', 'in_progress', 'on_hold', 'completed', 'returned', 'recalled', 'expired', 'cancelled'`;

/**
 * Marketplace (issue 5, DESIGN §5): versioned fee schedules, listings with their cases and lots,
 * bids (one live bid per partner and listing), award records with the score breakdown, the
 * partner statistics read model that feeds scoring, and jobs with their frozen terms (§6).
 */
export class Marketplace1763900400000 implements MigrationInterface {
  name = 'Marketplace1763900400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE fee_schedules (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES orgs(id),
      family_id uuid NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      version int NOT NULL CHECK (version >= 1),
      schedule jsonb NOT NULL,
      currency char(3) NOT NULL,
      created_by_user_id uuid,
      created_at timestamptz(3) NOT NULL,
      CONSTRAINT fee_schedules_family_version_key UNIQUE (family_id, version)
    )`);
    await q.query(`CREATE INDEX fee_schedules_org_created ON fee_schedules (org_id, created_at DESC, id DESC)`);
    // A version is what bidders priced and jobs froze: an edit is a new version, never an UPDATE.
    await q.query(`CREATE FUNCTION fee_schedules_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'fee schedule versions are immutable; create a new version'; END $$`);
    await q.query(`CREATE TRIGGER fee_schedules_no_update BEFORE UPDATE ON fee_schedules FOR EACH ROW EXECUTE FUNCTION fee_schedules_immutable()`);

    await q.query(`CREATE TABLE listings (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES orgs(id),
      kind text NOT NULL CHECK (kind IN (${LISTING_KINDS})),
      status text NOT NULL CHECK (status IN ('draft', 'open', 'awarded', 'expired', 'cancelled')),
      bidding_mode text NOT NULL CHECK (bidding_mode IN ('sealed', 'open', 'direct', 'auto_assign')),
      title text NOT NULL,
      description text,
      capability text NOT NULL,
      regions text[] NOT NULL CHECK (cardinality(regions) > 0),
      min_score numeric(5, 4) CHECK (min_score BETWEEN 0 AND 1),
      blocked_partner_ids uuid[] NOT NULL DEFAULT '{}',
      direct_partner_id uuid REFERENCES orgs(id),
      deadline timestamptz(3) NOT NULL,
      bounds jsonb NOT NULL DEFAULT '{}',
      fee_schedule_id uuid NOT NULL REFERENCES fee_schedules(id),
      currency char(3) NOT NULL,
      weights jsonb NOT NULL,
      split_rule jsonb,
      challenger_share_bps int CHECK (challenger_share_bps BETWEEN 1 AND 5000),
      reoffer boolean NOT NULL DEFAULT true,
      accept_hours int NOT NULL DEFAULT 4 CHECK (accept_hours BETWEEN 1 AND 168),
      vehicle_id uuid REFERENCES vehicles(id),
      created_by_user_id uuid,
      awarded_at timestamptz(3),
      ended_at timestamptz(3),
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL,
      CHECK ((bidding_mode = 'direct') = (direct_partner_id IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX listings_org_created ON listings (org_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX listings_open_created ON listings (created_at DESC, id DESC) WHERE status = 'open'`);

    await q.query(`CREATE TABLE listing_cases (
      listing_id uuid NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
      case_id uuid NOT NULL REFERENCES cases(id),
      lot_key text NOT NULL,
      region text NOT NULL,
      bucket text NOT NULL,
      days_past_due int NOT NULL,
      balance_amount bigint NOT NULL,
      currency char(3) NOT NULL,
      product text NOT NULL,
      has_vehicle boolean NOT NULL,
      PRIMARY KEY (listing_id, case_id)
    )`);
    await q.query(`CREATE INDEX listing_cases_case ON listing_cases (case_id)`);

    await q.query(`CREATE TABLE lots (
      id uuid PRIMARY KEY,
      listing_id uuid NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
      key text NOT NULL,
      case_ids uuid[] NOT NULL,
      regions text[] NOT NULL,
      total_balance_amount bigint NOT NULL,
      currency char(3) NOT NULL,
      CONSTRAINT lots_listing_key UNIQUE (listing_id, key)
    )`);

    await q.query(`CREATE TABLE bids (
      id uuid PRIMARY KEY,
      listing_id uuid NOT NULL REFERENCES listings(id),
      partner_org_id uuid NOT NULL REFERENCES orgs(id),
      status text NOT NULL CHECK (status IN ('live', 'replaced', 'withdrawn', 'won', 'lost')),
      contingency_bps int CHECK (contingency_bps BETWEEN 0 AND 10000),
      flat_fee_amount bigint CHECK (flat_fee_amount >= 0),
      flat_fee_currency char(3),
      first_action_hours int NOT NULL CHECK (first_action_hours > 0),
      completion_days int NOT NULL CHECK (completion_days > 0),
      lot_keys text[],
      note text,
      placed_at timestamptz(3) NOT NULL,
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL,
      CHECK ((flat_fee_amount IS NULL) = (flat_fee_currency IS NULL))
    )`);
    // DESIGN §5: one live bid per partner per listing, decided by the database.
    await q.query(`CREATE UNIQUE INDEX bids_one_live_per_partner ON bids (listing_id, partner_org_id) WHERE status = 'live'`);
    await q.query(`CREATE INDEX bids_partner ON bids (partner_org_id, created_at DESC)`);

    await q.query(`CREATE TABLE awards (
      id uuid PRIMARY KEY,
      listing_id uuid NOT NULL REFERENCES listings(id),
      lender_org_id uuid NOT NULL REFERENCES orgs(id),
      mode text NOT NULL CHECK (mode IN ('manual', 'auto', 'deadline', 'direct', 'auto_assign')),
      decided_by_user_id uuid,
      decided_at timestamptz(3) NOT NULL,
      ranking jsonb NOT NULL,
      allocation jsonb NOT NULL,
      unallocated_lot_keys text[] NOT NULL DEFAULT '{}',
      CONSTRAINT awards_listing_key UNIQUE (listing_id)
    )`);

    await q.query(`CREATE TABLE partner_stats (
      partner_org_id uuid NOT NULL REFERENCES orgs(id),
      work_kind text NOT NULL CHECK (work_kind IN (${LISTING_KINDS})),
      recovered int NOT NULL DEFAULT 0 CHECK (recovered >= 0),
      assigned int NOT NULL DEFAULT 0 CHECK (assigned >= 0),
      complaints_upheld int NOT NULL DEFAULT 0 CHECK (complaints_upheld >= 0),
      jobs_total int NOT NULL DEFAULT 0 CHECK (jobs_total >= 0),
      on_time int NOT NULL DEFAULT 0 CHECK (on_time >= 0),
      sla_total int NOT NULL DEFAULT 0 CHECK (sla_total >= 0),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      PRIMARY KEY (partner_org_id, work_kind),
      CHECK (recovered <= assigned),
      CHECK (on_time <= sla_total)
    )`);

    await q.query(`CREATE TABLE jobs (
      id uuid PRIMARY KEY,
      listing_id uuid NOT NULL REFERENCES listings(id),
      award_id uuid NOT NULL REFERENCES awards(id),
      lot_key text NOT NULL,
      role text NOT NULL CHECK (role IN ('champion', 'challenger')),
      kind text NOT NULL CHECK (kind IN (${LISTING_KINDS})),
      lender_org_id uuid NOT NULL REFERENCES orgs(id),
      partner_org_id uuid NOT NULL REFERENCES orgs(id),
      bid_id uuid REFERENCES bids(id),
      status text NOT NULL CHECK (status IN (${JOB_STATUSES})),
      case_ids uuid[] NOT NULL,
      vehicle_id uuid REFERENCES vehicles(id),
      fee_schedule_id uuid NOT NULL REFERENCES fee_schedules(id),
      fee_schedule jsonb NOT NULL,
      terms jsonb NOT NULL,
      effective_fee_schedule jsonb NOT NULL,
      score jsonb,
      offer_round int NOT NULL DEFAULT 1,
      accept_deadline timestamptz(3) NOT NULL,
      offered_at timestamptz(3) NOT NULL,
      accepted_at timestamptz(3),
      ended_at timestamptz(3),
      end_reason text,
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL,
      CONSTRAINT jobs_award_lot_partner UNIQUE (award_id, lot_key, role, partner_org_id)
    )`);
    // One open offer or active job per (listing, lot, role): an award or re-offer raced twice fails here.
    await q.query(
      `CREATE UNIQUE INDEX jobs_one_active_per_lot ON jobs (listing_id, lot_key, role) WHERE status IN ('offered', 'accepted', 'in_progress', 'on_hold')`,
    );
    await q.query(`CREATE INDEX jobs_partner_created ON jobs (partner_org_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX jobs_lender_created ON jobs (lender_org_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE jobs`);
    await q.query(`DROP TABLE partner_stats`);
    await q.query(`DROP TABLE awards`);
    await q.query(`DROP TABLE bids`);
    await q.query(`DROP TABLE lots`);
    await q.query(`DROP TABLE listing_cases`);
    await q.query(`DROP TABLE listings`);
    await q.query(`DROP TRIGGER fee_schedules_no_update ON fee_schedules`);
    await q.query(`DROP TABLE fee_schedules`);
    await q.query(`DROP FUNCTION fee_schedules_immutable()`);
  }
}
