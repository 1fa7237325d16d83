import { MigrationInterface, QueryRunner } from 'typeorm';

/** Webhook endpoints, their deliveries and attempts, the in-app inbox and the e-mail log (DESIGN §9). */
export class Notifications1763900300000 implements MigrationInterface {
  name = 'Notifications1763900300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE webhook_endpoints (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES orgs(id),
      url text NOT NULL,
      event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
      enabled boolean NOT NULL DEFAULT true,
      secret_ciphertext text NOT NULL,
      previous_secret_ciphertext text,
      previous_secret_expires_at timestamptz(3),
      failing_since timestamptz(3),
      disabled_reason text,
      disabled_at timestamptz(3),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX webhook_endpoints_org_created ON webhook_endpoints (org_id, created_at DESC, id DESC)`);

    await q.query(`CREATE TABLE webhook_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES orgs(id),
      endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      body text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'dead_lettered')),
      attempt_count int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz(3),
      replay_requested_at timestamptz(3),
      last_attempt_at timestamptz(3),
      last_status_code int,
      last_error text,
      succeeded_at timestamptz(3),
      dead_lettered_at timestamptz(3),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT webhook_deliveries_event_endpoint_key UNIQUE (event_id, endpoint_id)
    )`);
    await q.query(`CREATE INDEX webhook_deliveries_endpoint_created ON webhook_deliveries (endpoint_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);

    await q.query(`CREATE TABLE webhook_delivery_attempts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      delivery_id uuid NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
      attempt_number int NOT NULL,
      attempted_at timestamptz(3) NOT NULL,
      status_code int,
      latency_ms int NOT NULL,
      error text,
      next_attempt_at timestamptz(3),
      CONSTRAINT webhook_delivery_attempts_number_key UNIQUE (delivery_id, attempt_number)
    )`);

    await q.query(`CREATE TABLE inbox_notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      org_id uuid NOT NULL REFERENCES orgs(id),
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      data jsonb NOT NULL DEFAULT '{}',
      read_at timestamptz(3),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT inbox_notifications_event_user_key UNIQUE (event_id, user_id)
    )`);
    // Unread first, newest first: the order GET /notifications pages through.
    await q.query(`CREATE INDEX inbox_notifications_user_order ON inbox_notifications (user_id, (read_at IS NOT NULL), created_at DESC, id DESC)`);

    await q.query(`CREATE TABLE email_log (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      user_id uuid NOT NULL REFERENCES users(id),
      to_address text NOT NULL,
      subject text NOT NULL,
      text_body text NOT NULL,
      html_body text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
      attempts int NOT NULL DEFAULT 0,
      last_error text,
      message_id text,
      sent_at timestamptz(3),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT email_log_event_user_key UNIQUE (event_id, user_id)
    )`);
    await q.query(`CREATE INDEX email_log_pending ON email_log (created_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE email_log`);
    await q.query(`DROP TABLE inbox_notifications`);
    await q.query(`DROP TABLE webhook_delivery_attempts`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_endpoints`);
  }
}
