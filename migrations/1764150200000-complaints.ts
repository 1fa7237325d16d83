import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 / DESIGN §6 complaints: against a job or a partner, `open → investigating → upheld |
 * dismissed` with every move's reason and actor; the review threshold as data (3 upheld in 90 days);
 * suspension reviews opened when a partner reaches it, one open review per partner at a time.
 */
export class Complaints1764150200000 implements MigrationInterface {
  name = 'Complaints1764150200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE complaints (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partner_org_id uuid NOT NULL REFERENCES orgs (id),
      job_id uuid,
      work_kind text,
      lender_org_id uuid REFERENCES orgs (id),
      filed_by_org_id uuid NOT NULL REFERENCES orgs (id),
      filed_by_user_id uuid,
      filed_by_api_key_id uuid,
      on_behalf_of_borrower boolean NOT NULL DEFAULT false,
      category text NOT NULL,
      description text NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'investigating', 'upheld', 'dismissed')),
      resolution_reason text,
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL,
      resolved_at timestamptz(3)
    )`);
    await q.query(`CREATE INDEX complaints_partner ON complaints (partner_org_id, created_at DESC)`);
    await q.query(`CREATE INDEX complaints_lender ON complaints (lender_org_id, created_at DESC)`);
    await q.query(`CREATE INDEX complaints_upheld ON complaints (partner_org_id, resolved_at) WHERE status = 'upheld'`);
    await q.query(`CREATE TABLE complaint_transitions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      complaint_id uuid NOT NULL REFERENCES complaints (id),
      from_status text,
      to_status text NOT NULL,
      reason text NOT NULL,
      actor_org_id uuid,
      actor_user_id uuid,
      actor_api_key_id uuid,
      at timestamptz(3) NOT NULL
    )`);
    await q.query(`CREATE INDEX complaint_transitions_complaint ON complaint_transitions (complaint_id, at)`);
    await q.query(`CREATE TABLE complaint_review_policy (
      id text PRIMARY KEY CHECK (id = 'platform'),
      upheld_threshold int NOT NULL CHECK (upheld_threshold > 0),
      window_days int NOT NULL CHECK (window_days > 0),
      updated_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO complaint_review_policy (id, upheld_threshold, window_days) VALUES ('platform', 3, 90)`);
    await q.query(`CREATE TABLE suspension_reviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partner_org_id uuid NOT NULL REFERENCES orgs (id),
      status text NOT NULL CHECK (status IN ('open', 'closed')),
      upheld_count int NOT NULL,
      window_days int NOT NULL,
      complaint_ids uuid[] NOT NULL,
      opened_at timestamptz(3) NOT NULL,
      closed_at timestamptz(3),
      closed_by_user_id uuid,
      outcome text CHECK (outcome IN ('suspended', 'cleared')),
      close_reason text
    )`);
    await q.query(`CREATE UNIQUE INDEX suspension_reviews_one_open ON suspension_reviews (partner_org_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX suspension_reviews_opened ON suspension_reviews (opened_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE suspension_reviews`);
    await q.query(`DROP TABLE complaint_review_policy`);
    await q.query(`DROP TABLE complaint_transitions`);
    await q.query(`DROP TABLE complaints`);
  }
}
