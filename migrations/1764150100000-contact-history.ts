import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 §3–§4, §7: the contact history the counting rules read (one index serves the check),
 * kept at least 3 years after the borrower's last contact (Reg F 12 CFR §1006.100); the orgs an
 * audit entry concerns besides its actor (a lender reads refusals of its agencies' attempts); the
 * compliance refusals on a partner's statistics (DESIGN §10).
 */
export class ContactHistory1764150100000 implements MigrationInterface {
  name = 'ContactHistory1764150100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE contact_history (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      lender_org_id uuid NOT NULL,
      borrower_key text NOT NULL,
      case_ids uuid[] NOT NULL,
      job_id uuid,
      job_event_id uuid,
      partner_org_id uuid,
      channel text NOT NULL,
      direction text NOT NULL,
      outcome text,
      connected boolean NOT NULL,
      conversation boolean NOT NULL,
      contact_key text,
      at timestamptz(3) NOT NULL,
      recorded_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX contact_history_borrower_at ON contact_history (lender_org_id, borrower_key, at)`);
    // Reg F §1006.100(a): records are kept 3 years after the last collection activity on the debt;
    // nothing edits them, and a delete is refused while the borrower had contact in the last 3 years.
    await q.query(`CREATE FUNCTION contact_history_retention() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'contact_history is append-only'; END IF;
        IF TG_OP = 'TRUNCATE' THEN RAISE EXCEPTION 'contact_history is kept 3 years after the last contact (Reg F 12 CFR 1006.100)'; END IF;
        IF EXISTS (SELECT 1 FROM contact_history h WHERE h.lender_org_id = OLD.lender_org_id AND h.borrower_key = OLD.borrower_key
                   AND h.at > now() - interval '3 years') THEN
          RAISE EXCEPTION 'contact_history is kept 3 years after the last contact (Reg F 12 CFR 1006.100)';
        END IF;
        RETURN OLD;
      END $$`);
    await q.query(`CREATE TRIGGER contact_history_retention BEFORE UPDATE OR DELETE ON contact_history FOR EACH ROW EXECUTE FUNCTION contact_history_retention()`);
    await q.query(`CREATE TRIGGER contact_history_no_truncate BEFORE TRUNCATE ON contact_history FOR EACH STATEMENT EXECUTE FUNCTION contact_history_retention()`);

    await q.query(`ALTER TABLE audit_log ADD COLUMN party_org_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX audit_log_party_orgs ON audit_log USING gin (party_org_ids)`);
    await q.query(`CREATE INDEX audit_log_created ON audit_log (created_at DESC, id DESC)`);

    await q.query(`ALTER TABLE partner_stats ADD COLUMN compliance_refusals int NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE partner_stats DROP COLUMN compliance_refusals`);
    await q.query(`DROP INDEX audit_log_created`);
    await q.query(`DROP INDEX audit_log_party_orgs`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN party_org_ids`);
    await q.query(`DROP TABLE contact_history`);
    await q.query(`DROP FUNCTION contact_history_retention()`);
  }
}
