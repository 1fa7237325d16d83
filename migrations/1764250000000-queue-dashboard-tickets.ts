import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: the console's way into the queue dashboard (/admin/queues). A browser link cannot carry
 * the bearer, so a platform admin's console asks for a one-time ticket (only its SHA-256 is kept)
 * and posts it to the dashboard, which answers a short-lived session cookie. `used_at` makes a
 * ticket single-use under the row's own UPDATE; spent and expired rows are kept for the audit trail.
 */
export class QueueDashboardTickets1764250000000 implements MigrationInterface {
  name = 'QueueDashboardTickets1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE queue_dashboard_tickets (
      ticket_hash text PRIMARY KEY,
      user_id uuid NOT NULL,
      org_id uuid NOT NULL,
      role text NOT NULL,
      created_at timestamptz(3) NOT NULL,
      expires_at timestamptz(3) NOT NULL,
      used_at timestamptz(3)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE queue_dashboard_tickets');
  }
}
