import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Placement (DESIGN §4): cases with encrypted borrower PII and blind indexes, their collateral
 * vehicles, and bulk placement imports with their rejected rows. Days past due, bucket and stage
 * are computed at read time from `first_missed_due_date`, so nothing here goes stale; the list
 * filters on them become ranges of that date.
 */
export class Placement1763900200000 implements MigrationInterface {
  name = 'Placement1763900200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES orgs(id),
      external_ref text NOT NULL,
      product text NOT NULL CHECK (product IN ('auto_loan', 'auto_lease', 'personal_loan', 'credit_card')),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      principal bigint NOT NULL CHECK (principal >= 0),
      interest bigint NOT NULL DEFAULT 0 CHECK (interest >= 0),
      fees bigint NOT NULL DEFAULT 0 CHECK (fees >= 0),
      total_due bigint GENERATED ALWAYS AS (principal + interest + fees) STORED,
      origination_date date NOT NULL,
      first_missed_due_date date NOT NULL,
      last_payment_date date,
      status text NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'listed', 'assigned', 'in_progress', 'payment_plan', 'resolved', 'recalled', 'returned', 'written_off')),
      flags text[] NOT NULL DEFAULT '{}'
        CHECK (flags <@ ARRAY['disputed', 'cease_contact', 'bankruptcy', 'deceased', 'legal_hold']::text[]),
      assigned_org_id uuid REFERENCES orgs(id),
      borrower_name_enc text NOT NULL,
      borrower_phone_enc text,
      borrower_email_enc text,
      borrower_address_enc text,
      borrower_national_id_enc text,
      pii_key_id text NOT NULL,
      borrower_phone_bidx text,
      borrower_email_bidx text,
      borrower_national_id_bidx text,
      borrower_timezone text NOT NULL,
      borrower_region text NOT NULL,
      borrower_language text,
      fingerprint text,
      last_import_id uuid,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT cases_org_external_ref_key UNIQUE (org_id, external_ref)
    )`);
    // The list's default order and each filter a lender searches by (DESIGN §2 pagination).
    await q.query(`CREATE INDEX cases_org_created ON cases (org_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX cases_org_status_created ON cases (org_id, status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX cases_org_first_missed ON cases (org_id, first_missed_due_date, id)`);
    await q.query(`CREATE INDEX cases_org_total_due ON cases (org_id, total_due, id)`);
    await q.query(`CREATE INDEX cases_org_region ON cases (org_id, borrower_region)`);
    await q.query(`CREATE INDEX cases_flags ON cases USING gin (flags)`);
    await q.query(`CREATE INDEX cases_assigned_org ON cases (assigned_org_id) WHERE assigned_org_id IS NOT NULL`);
    await q.query(`CREATE INDEX cases_org_phone_bidx ON cases (org_id, borrower_phone_bidx) WHERE borrower_phone_bidx IS NOT NULL`);
    await q.query(`CREATE INDEX cases_org_email_bidx ON cases (org_id, borrower_email_bidx) WHERE borrower_email_bidx IS NOT NULL`);
    await q.query(`CREATE INDEX cases_org_national_id_bidx ON cases (org_id, borrower_national_id_bidx) WHERE borrower_national_id_bidx IS NOT NULL`);

    await q.query(`CREATE TABLE vehicles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES orgs(id),
      case_id uuid REFERENCES cases(id),
      vin text NOT NULL CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
      plate text,
      plate_region text,
      make text,
      model text,
      year int,
      mileage int CHECK (mileage >= 0),
      colour text,
      valuation_amount bigint CHECK (valuation_amount >= 0),
      valuation_currency text,
      valuation_source text,
      valuation_date date,
      last_latitude double precision CHECK (last_latitude BETWEEN -90 AND 90),
      last_longitude double precision CHECK (last_longitude BETWEEN -180 AND 180),
      last_position_at timestamptz(3),
      keys_available boolean,
      lien_ref text,
      title_status text CHECK (title_status IN ('clean', 'lien_recorded', 'salvage', 'rebuilt', 'junk', 'missing')),
      status text NOT NULL DEFAULT 'financed'
        CHECK (status IN ('financed', 'repo_ordered', 'located', 'recovered', 'in_storage', 'listed', 'sold', 'released', 'redeemed', 'order_cancelled')),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT vehicles_org_vin_key UNIQUE (org_id, vin),
      CHECK ((valuation_amount IS NULL) = (valuation_currency IS NULL))
    )`);
    // A case has at most one collateral vehicle (DESIGN §4).
    await q.query(`CREATE UNIQUE INDEX vehicles_case_key ON vehicles (case_id) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX vehicles_org_created ON vehicles (org_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX vehicles_org_status_created ON vehicles (org_id, status, created_at DESC, id DESC)`);

    await q.query(`CREATE TABLE placement_imports (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES orgs(id),
      format text NOT NULL CHECK (format IN ('json', 'csv')),
      status text NOT NULL CHECK (status IN ('queued', 'processing', 'completed', 'failed')),
      file_name text,
      file_bytes bigint,
      as_of date NOT NULL,
      total_rows int,
      processed_rows int NOT NULL DEFAULT 0,
      created_count int NOT NULL DEFAULT 0,
      updated_count int NOT NULL DEFAULT 0,
      unchanged_count int NOT NULL DEFAULT 0,
      rejected_count int NOT NULL DEFAULT 0,
      vehicles_created int NOT NULL DEFAULT 0,
      vehicles_updated int NOT NULL DEFAULT 0,
      failure text,
      created_by_user_id uuid,
      created_by_api_key_id uuid,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      started_at timestamptz(3),
      finished_at timestamptz(3)
    )`);
    await q.query(`CREATE INDEX placement_imports_org_created ON placement_imports (org_id, created_at DESC, id DESC)`);

    await q.query(`CREATE TABLE placement_import_errors (
      import_id uuid NOT NULL REFERENCES placement_imports(id) ON DELETE CASCADE,
      row_number int NOT NULL,
      seq int NOT NULL,
      external_ref text,
      field text NOT NULL,
      message text NOT NULL,
      PRIMARY KEY (import_id, row_number, seq)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE placement_import_errors`);
    await q.query(`DROP TABLE placement_imports`);
    await q.query(`DROP TABLE vehicles`);
    await q.query(`DROP TABLE cases`);
  }
}
