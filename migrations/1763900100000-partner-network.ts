import { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = `'applied', 'under_review', 'approved', 'rejected', 'suspended', 'revoked'`;
const CAPABILITIES = `'soft_collection', 'field_visit', 'skip_trace', 'repossession', 'transport', 'storage', 'legal'`;
const CREDENTIAL_TYPES = `'repossession_licence', 'collection_licence', 'dealer_licence', 'general_liability', 'garage_keepers', 'on_hook', 'surety_bond'`;
const REGION = `'^[A-Z]{2}(-[A-Z0-9]{1,3})?$'`;

/**
 * Default credential requirements (DESIGN §3), editable by the platform afterwards. The most
 * specific set for a (capability, region) wins outright, so each region row set is complete.
 * Amounts are minor units: USD 100,000 = 10,000,000.
 * - Everywhere: repossession needs general liability and on-hook cover, transport on-hook cover,
 *   storage garage keepers cover (the usual insurance of a tow and storage business); no minimum,
 *   since amounts are only meaningful in the local currency.
 * - US: the same with the minimums US lenders commonly ask of repossessors (GL USD 1,000,000,
 *   on-hook and garage keepers USD 100,000).
 * - US-CA: repossession also needs a repossession agency licence (Cal. Bus. & Prof. Code §7500 ff.),
 *   and collection work a debt collector licence (California Debt Collection Licensing Act, 2022).
 */
const DEFAULT_REQUIREMENTS: readonly [string, string, string, number | null][] = [
  ['repossession', '*', 'general_liability', null],
  ['repossession', '*', 'on_hook', null],
  ['transport', '*', 'on_hook', null],
  ['storage', '*', 'garage_keepers', null],
  ['repossession', 'US', 'general_liability', 100_000_000],
  ['repossession', 'US', 'on_hook', 10_000_000],
  ['transport', 'US', 'on_hook', 10_000_000],
  ['storage', 'US', 'garage_keepers', 10_000_000],
  ['repossession', 'US-CA', 'repossession_licence', null],
  ['repossession', 'US-CA', 'general_liability', 100_000_000],
  ['repossession', 'US-CA', 'on_hook', 10_000_000],
  ['soft_collection', 'US-CA', 'collection_licence', null],
  ['field_visit', 'US-CA', 'collection_licence', null],
];

/** Partner network (issue 3): profiles, yards, credentials, requirements, vetting history, expiry warnings. */
export class PartnerNetwork1763900100000 implements MigrationInterface {
  name = 'PartnerNetwork1763900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE partner_profiles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL CONSTRAINT partner_profiles_org_key UNIQUE REFERENCES orgs(id),
      org_kind text NOT NULL CHECK (org_kind IN ('agency', 'tow_operator', 'buyer')),
      status text NOT NULL CHECK (status IN (${STATUSES})),
      legal_name text NOT NULL,
      registration_number text,
      contacts jsonb NOT NULL DEFAULT '[]',
      capabilities text[] NOT NULL DEFAULT '{}' CHECK (capabilities <@ ARRAY[${CAPABILITIES}]::text[]),
      service_areas jsonb NOT NULL DEFAULT '[]',
      max_concurrent_jobs int CHECK (max_concurrent_jobs > 0),
      buyer_type text CHECK (buyer_type IN ('dealer', 'wholesaler', 'individual')),
      identity_verified_by uuid REFERENCES users(id),
      identity_verified_on date,
      submitted_at timestamptz(3),
      status_changed_at timestamptz(3) NOT NULL,
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL
    )`);
    await q.query(`CREATE INDEX partner_profiles_status_created ON partner_profiles (status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX partner_profiles_capabilities ON partner_profiles USING gin (capabilities)`);

    await q.query(`CREATE TABLE storage_yards (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES orgs(id),
      name text NOT NULL,
      address jsonb NOT NULL,
      capacity int NOT NULL CHECK (capacity > 0),
      daily_rate_amount bigint NOT NULL CHECK (daily_rate_amount >= 0),
      daily_rate_currency char(3) NOT NULL,
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL
    )`);
    await q.query(`CREATE INDEX storage_yards_org ON storage_yards (org_id)`);

    await q.query(`CREATE TABLE partner_credentials (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES orgs(id),
      kind text NOT NULL CHECK (kind IN ('licence', 'insurance')),
      type text NOT NULL CHECK (type IN (${CREDENTIAL_TYPES})),
      number text NOT NULL,
      issuing_region text NOT NULL CHECK (issuing_region ~ ${REGION}),
      coverage_amount bigint CHECK (coverage_amount >= 0),
      coverage_currency char(3),
      effective_on date NOT NULL,
      expires_on date NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'revoked')),
      document_key text NOT NULL CONSTRAINT partner_credentials_document_key UNIQUE,
      document_filename text NOT NULL,
      document_content_type text NOT NULL CHECK (document_content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
      document_size int NOT NULL CHECK (document_size > 0),
      document_sha256 char(64) NOT NULL,
      uploaded_by_user_id uuid REFERENCES users(id),
      created_at timestamptz(3) NOT NULL,
      CHECK (expires_on > effective_on),
      CHECK ((coverage_amount IS NULL) = (coverage_currency IS NULL))
    )`);
    await q.query(`CREATE INDEX partner_credentials_org_created ON partner_credentials (org_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX partner_credentials_active_expiry ON partner_credentials (expires_on) WHERE status = 'active'`);

    await q.query(`CREATE TABLE credential_requirements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      capability text NOT NULL CHECK (capability IN (${CAPABILITIES})),
      region text NOT NULL CHECK (region = '*' OR region ~ ${REGION}),
      credential_type text NOT NULL CHECK (credential_type IN (${CREDENTIAL_TYPES})),
      min_coverage_amount bigint CHECK (min_coverage_amount >= 0),
      min_coverage_currency char(3),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_by_user_id uuid REFERENCES users(id),
      CONSTRAINT credential_requirements_key UNIQUE (capability, region, credential_type),
      CHECK ((min_coverage_amount IS NULL) = (min_coverage_currency IS NULL))
    )`);
    for (const [capability, region, type, amount] of DEFAULT_REQUIREMENTS) {
      await q.query(
        `INSERT INTO credential_requirements (capability, region, credential_type, min_coverage_amount, min_coverage_currency) VALUES ($1, $2, $3, $4, $5)`,
        [capability, region, type, amount, amount === null ? null : 'USD'],
      );
    }

    await q.query(`CREATE TABLE partner_vetting_history (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      seq bigserial NOT NULL,
      org_id uuid NOT NULL REFERENCES orgs(id),
      from_status text CHECK (from_status IN (${STATUSES})),
      to_status text NOT NULL CHECK (to_status IN (${STATUSES})),
      reason text NOT NULL,
      actor_user_id uuid,
      actor_org_id uuid,
      actor_api_key_id uuid,
      created_at timestamptz(3) NOT NULL
    )`);
    await q.query(`CREATE INDEX partner_vetting_history_org ON partner_vetting_history (org_id, seq)`);

    await q.query(`CREATE TABLE credential_expiry_warnings (
      credential_id uuid NOT NULL REFERENCES partner_credentials(id),
      threshold_days int NOT NULL CHECK (threshold_days >= 0),
      expires_on date NOT NULL,
      sent_at timestamptz(3) NOT NULL,
      PRIMARY KEY (credential_id, threshold_days)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE credential_expiry_warnings`);
    await q.query(`DROP TABLE partner_vetting_history`);
    await q.query(`DROP TABLE credential_requirements`);
    await q.query(`DROP TABLE partner_credentials`);
    await q.query(`DROP TABLE storage_yards`);
    await q.query(`DROP TABLE partner_profiles`);
  }
}
