import { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations, users, credentials, and the shared mechanics: audit log, outbox, idempotency. */
export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE orgs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('lender', 'agency', 'tow_operator', 'buyer', 'platform')),
      region text NOT NULL,
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX orgs_one_platform ON orgs (kind) WHERE kind = 'platform'`);

    await q.query(`CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES orgs(id),
      email text NOT NULL CONSTRAINT users_email_key UNIQUE,
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('owner', 'manager', 'agent', 'viewer', 'admin', 'compliance')),
      password_hash text NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX users_org_created ON users (org_id, created_at DESC, id DESC)`);

    await q.query(`CREATE TABLE api_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES orgs(id),
      name text NOT NULL,
      prefix text NOT NULL,
      key_hash text NOT NULL CONSTRAINT api_keys_key_hash_key UNIQUE,
      role text NOT NULL,
      created_by_user_id uuid REFERENCES users(id),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      last_used_at timestamptz(3),
      revoked_at timestamptz(3)
    )`);
    await q.query(`CREATE INDEX api_keys_org_created ON api_keys (org_id, created_at DESC, id DESC)`);

    await q.query(`CREATE TABLE refresh_tokens (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      family_id uuid NOT NULL,
      secret_hash text NOT NULL,
      created_at timestamptz(3) NOT NULL,
      expires_at timestamptz(3) NOT NULL,
      used_at timestamptz(3),
      revoked_at timestamptz(3)
    )`);
    await q.query(`CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)`);

    await q.query(`CREATE TABLE audit_log (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      actor_org_id uuid,
      actor_user_id uuid,
      actor_api_key_id uuid,
      action text NOT NULL,
      entity_type text,
      entity_id text,
      changes jsonb,
      outcome_status int,
      request_id text,
      ip text,
      user_agent text
    )`);
    await q.query(`CREATE INDEX audit_log_org_created ON audit_log (actor_org_id, created_at DESC)`);
    await q.query(`CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id)`);
    // Append-only: an audit trail that can be edited is not one.
    await q.query(`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await q.query(`CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);

    await q.query(`CREATE TABLE outbox_events (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL,
      type text NOT NULL,
      aggregate_type text NOT NULL,
      aggregate_id text NOT NULL,
      org_ids uuid[] NOT NULL DEFAULT '{}',
      payload jsonb NOT NULL DEFAULT '{}',
      occurred_at timestamptz(3) NOT NULL,
      published_at timestamptz(3),
      claimed_until timestamptz(3),
      publish_attempts int NOT NULL DEFAULT 0,
      last_error text
    )`);
    await q.query(`CREATE INDEX outbox_events_pending ON outbox_events (seq) WHERE published_at IS NULL`);
    await q.query(`CREATE INDEX outbox_events_aggregate ON outbox_events (aggregate_type, aggregate_id)`);

    await q.query(`CREATE TABLE event_consumptions (
      event_id uuid NOT NULL,
      consumer text NOT NULL,
      processed_at timestamptz(3) NOT NULL DEFAULT now(),
      PRIMARY KEY (event_id, consumer)
    )`);

    await q.query(`CREATE TABLE idempotency_keys (
      scope text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      state text NOT NULL CHECK (state IN ('in_flight', 'completed')),
      response_status int,
      response_body jsonb,
      response_content_type text,
      created_at timestamptz(3) NOT NULL,
      expires_at timestamptz(3) NOT NULL,
      PRIMARY KEY (scope, key)
    )`);
    await q.query(`CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE event_consumptions`);
    await q.query(`DROP TABLE outbox_events`);
    await q.query(`DROP TRIGGER audit_log_no_update_delete ON audit_log`);
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE orgs`);
  }
}
