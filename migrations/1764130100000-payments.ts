import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: confirmed payments on cases and the platform's fee schedule (DESIGN §8). A payment
 * keeps its allocation (fees → interest → principal), the job it earned for, the commission and
 * platform fee with their itemised basis, and the ledger transactions that posted and reversed
 * them. A partner's reported payment is confirmed at most once. The platform fee schedule is
 * versioned per currency; a job pays the version in force when its terms were frozen.
 */
export class Payments1764130100000 implements MigrationInterface {
  name = 'Payments1764130100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE platform_fee_schedules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      version int NOT NULL CHECK (version > 0),
      recovered_bps int NOT NULL CHECK (recovered_bps BETWEEN 0 AND 10000),
      hammer_bps int CHECK (hammer_bps BETWEEN 0 AND 10000),
      effective_from timestamptz(3) NOT NULL,
      created_by_user_id uuid,
      created_at timestamptz(3) NOT NULL,
      UNIQUE (currency, version)
    )`);
    await q.query(`CREATE INDEX platform_fee_schedules_in_force ON platform_fee_schedules (currency, effective_from DESC)`);

    await q.query(`CREATE TABLE payments (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES orgs(id),
      case_id uuid NOT NULL,
      amount bigint NOT NULL CHECK (amount > 0),
      currency char(3) NOT NULL,
      received_on date NOT NULL,
      method text NOT NULL CHECK (method IN ('ach', 'card', 'cash', 'check', 'wire', 'other')),
      reference text NOT NULL,
      reported_event_id uuid,
      fees_paid bigint NOT NULL CHECK (fees_paid >= 0),
      interest_paid bigint NOT NULL CHECK (interest_paid >= 0),
      principal_paid bigint NOT NULL CHECK (principal_paid >= 0),
      job_id uuid,
      partner_org_id uuid REFERENCES orgs(id),
      tail_period boolean NOT NULL DEFAULT false,
      commission bigint NOT NULL DEFAULT 0 CHECK (commission >= 0),
      platform_fee bigint NOT NULL DEFAULT 0 CHECK (platform_fee >= 0 AND platform_fee <= commission),
      commission_lines jsonb NOT NULL DEFAULT '[]',
      platform_fee_schedule_id uuid REFERENCES platform_fee_schedules(id),
      ledger_transaction_id uuid REFERENCES ledger_transactions(id),
      status text NOT NULL CHECK (status IN ('confirmed', 'reversed')),
      reversed_at timestamptz(3),
      reversal_reason text,
      reversal_ledger_transaction_id uuid REFERENCES ledger_transactions(id),
      created_by_user_id uuid,
      created_by_api_key_id uuid,
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL,
      CHECK (fees_paid + interest_paid + principal_paid = amount),
      CHECK ((status = 'reversed') = (reversed_at IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX payments_case ON payments (case_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX payments_job ON payments (job_id, created_at DESC, id DESC) WHERE job_id IS NOT NULL`);
    await q.query(`CREATE INDEX payments_partner ON payments (partner_org_id, currency) WHERE partner_org_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX payments_report_confirmed_once ON payments (reported_event_id) WHERE reported_event_id IS NOT NULL AND status = 'confirmed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payments`);
    await q.query(`DROP TABLE platform_fee_schedules`);
  }
}
