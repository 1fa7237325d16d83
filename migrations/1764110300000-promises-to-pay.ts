import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Promises to pay (issue 12, DESIGN §6): each `promise_to_pay` a partner reports is tracked until
 * it is kept (payments reported since it cover it) or its date plus the listing's grace passes
 * (`broken`, or `partially_kept` when some was paid). New table only.
 */
export class PromisesToPay1764110300000 implements MigrationInterface {
  name = 'PromisesToPay1764110300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE promises_to_pay (
      id uuid PRIMARY KEY,
      job_id uuid NOT NULL REFERENCES jobs(id),
      case_id uuid REFERENCES cases(id),
      event_id uuid NOT NULL UNIQUE REFERENCES job_events(id),
      lender_org_id uuid NOT NULL REFERENCES orgs(id),
      partner_org_id uuid NOT NULL REFERENCES orgs(id),
      amount bigint NOT NULL CHECK (amount > 0),
      currency char(3) NOT NULL,
      promised_for date NOT NULL,
      grace_days int NOT NULL CHECK (grace_days >= 0),
      due_at timestamptz(3) NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'kept', 'broken', 'partially_kept')),
      paid_amount bigint NOT NULL DEFAULT 0 CHECK (paid_amount >= 0),
      decided_at timestamptz(3),
      created_at timestamptz(3) NOT NULL
    )`);
    await q.query(`CREATE INDEX promises_to_pay_open_due ON promises_to_pay (due_at) WHERE status = 'open'`);
    await q.query(`CREATE INDEX promises_to_pay_job ON promises_to_pay (job_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE promises_to_pay`);
  }
}
