import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (Stripe): webhook events by id (stored before handling: a redelivery finds its id and
 * does nothing), the last status of each Stripe object Reclaim tracks, partners' Connect
 * accounts, and payouts of statements (one per statement: the unique key is also the lock).
 */
export class StripePayouts1764140000000 implements MigrationInterface {
  name = 'StripePayouts1764140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE stripe_events (
      id text PRIMARY KEY,
      type text NOT NULL,
      account text,
      object_id text,
      stripe_created_at timestamptz(3) NOT NULL,
      received_at timestamptz(3) NOT NULL,
      outcome text NOT NULL
    )`);
    await q.query(`CREATE INDEX stripe_events_object ON stripe_events (object_id)`);
    await q.query(`CREATE TABLE stripe_objects (
      stripe_id text PRIMARY KEY,
      object_type text NOT NULL CHECK (object_type IN ('payment_intent', 'charge', 'transfer', 'payout')),
      status text NOT NULL,
      account text,
      amount bigint,
      currency char(3),
      metadata jsonb NOT NULL DEFAULT '{}',
      last_event_id text NOT NULL,
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL
    )`);
    await q.query(`CREATE TABLE payout_accounts (
      org_id uuid PRIMARY KEY REFERENCES orgs(id),
      stripe_account_id text NOT NULL UNIQUE,
      charges_enabled boolean NOT NULL DEFAULT false,
      payouts_enabled boolean NOT NULL DEFAULT false,
      details_submitted boolean NOT NULL DEFAULT false,
      requirements_due jsonb NOT NULL DEFAULT '[]',
      stripe_updated_at timestamptz(3),
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL
    )`);
    // One row per attempt. `subject` is what is paid (`statement-<id>`) and `sequence` numbers its attempts: the Stripe idempotency key is subject +
    // sequence, so an attempt lost after Stripe accepted it is replayed, not paid again.
    await q.query(`CREATE TABLE payouts (
      id uuid PRIMARY KEY,
      partner_org_id uuid NOT NULL REFERENCES orgs(id),
      statement_id uuid,
      subject text NOT NULL,
      sequence int NOT NULL CHECK (sequence > 0),
      amount bigint NOT NULL CHECK (amount > 0),
      currency char(3) NOT NULL,
      method text NOT NULL CHECK (method IN ('stripe_transfer', 'manual')),
      status text NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'reversed')),
      stripe_idempotency_key text UNIQUE,
      stripe_account_id text,
      stripe_transfer_id text UNIQUE,
      wire_reference text,
      failure_code text,
      failure_message text,
      ledger_transaction_id uuid,
      requested_by_org_id uuid NOT NULL,
      requested_by_user_id uuid,
      paid_at timestamptz(3),
      confirmed_at timestamptz(3),
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL,
      UNIQUE (subject, sequence)
    )`);
    // A statement is paid once: at most one attempt of it in flight or paid.
    await q.query(`CREATE UNIQUE INDEX payouts_statement_paid_once ON payouts (statement_id) WHERE statement_id IS NOT NULL AND status IN ('pending', 'paid')`);
    await q.query(`CREATE INDEX payouts_partner ON payouts (partner_org_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payouts`);
    await q.query(`DROP TABLE payout_accounts`);
    await q.query(`DROP TABLE stripe_objects`);
    await q.query(`DROP TABLE stripe_events`);
  }
}
