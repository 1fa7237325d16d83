import { MigrationInterface, QueryRunner } from 'typeorm';

/** US postal holidays (federal holidays as observed, 5 U.S.C. §6103) for the B&P §7507.10 extension; the platform extends the list. */
const US_POSTAL_HOLIDAYS = [
  ['2026-01-01', 'New Year’s Day'],
  ['2026-01-19', 'Martin Luther King Jr. Day'],
  ['2026-02-16', 'Washington’s Birthday'],
  ['2026-05-25', 'Memorial Day'],
  ['2026-06-19', 'Juneteenth National Independence Day'],
  ['2026-07-03', 'Independence Day (observed)'],
  ['2026-09-07', 'Labor Day'],
  ['2026-10-12', 'Columbus Day'],
  ['2026-11-11', 'Veterans Day'],
  ['2026-11-26', 'Thanksgiving Day'],
  ['2026-12-25', 'Christmas Day'],
  ['2027-01-01', 'New Year’s Day'],
  ['2027-01-18', 'Martin Luther King Jr. Day'],
  ['2027-02-15', 'Washington’s Birthday'],
  ['2027-05-31', 'Memorial Day'],
  ['2027-06-18', 'Juneteenth National Independence Day (observed)'],
  ['2027-07-05', 'Independence Day (observed)'],
  ['2027-09-06', 'Labor Day'],
  ['2027-10-11', 'Columbus Day'],
  ['2027-11-11', 'Veterans Day'],
  ['2027-11-25', 'Thanksgiving Day'],
  ['2027-12-24', 'Christmas Day (observed)'],
  ['2027-12-31', 'New Year’s Day 2028 (observed)'],
].map(([date, name]) => ({ date, name }));

const RELEASE = 'Personal effects are inventoried, stored and released to the borrower without a release fee (DESIGN §6).';

/**
 * Issue 12: repossession duties per jurisdiction as data (DESIGN §6) — the platform-edited
 * jurisdictions and their duties, seeded with a US default and US-CA — and `job_duties`, one row
 * per duty a recovery started on a job, with its deadline and how it ended.
 */
export class RepossessionDuties1764120000000 implements MigrationInterface {
  name = 'RepossessionDuties1764120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE repossession_jurisdictions (
      code text PRIMARY KEY,
      time_zone text NOT NULL,
      holidays jsonb NOT NULL DEFAULT '[]',
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_by_user_id uuid NULL)`);
    await q.query(`CREATE TABLE repossession_duties (
      jurisdiction_code text NOT NULL REFERENCES repossession_jurisdictions(code) ON DELETE CASCADE,
      duty text NOT NULL CHECK (duty IN ('police_notification', 'seizure_notice', 'personal_effects_release')),
      within_hours integer NULL CHECK (within_hours IS NULL OR within_hours > 0),
      weekend_extension_hours integer NOT NULL DEFAULT 0 CHECK (weekend_extension_hours >= 0),
      holiday_extension_hours integer NOT NULL DEFAULT 0 CHECK (holiday_extension_hours >= 0),
      citation text NOT NULL,
      description text NOT NULL,
      PRIMARY KEY (jurisdiction_code, duty))`);
    await q.query(`CREATE TABLE job_duties (
      id uuid PRIMARY KEY,
      job_id uuid NOT NULL REFERENCES jobs(id),
      lender_org_id uuid NOT NULL,
      partner_org_id uuid NOT NULL,
      jurisdiction_code text NOT NULL,
      duty text NOT NULL,
      citation text NOT NULL,
      recovery_event_id uuid NOT NULL,
      recovered_at timestamptz(3) NOT NULL,
      due_at timestamptz(3) NOT NULL,
      extended_for text[] NOT NULL DEFAULT '{}',
      status text NOT NULL CHECK (status IN ('open', 'fulfilled', 'breached')),
      fulfilled_event_id uuid NULL,
      fulfilled_at timestamptz(3) NULL,
      breached_at timestamptz(3) NULL,
      created_at timestamptz(3) NOT NULL,
      UNIQUE (job_id, duty))`);
    await q.query(`CREATE INDEX job_duties_open_due ON job_duties (due_at) WHERE status = 'open'`);
    await q.query(`CREATE INDEX job_duties_partner ON job_duties (partner_org_id, status)`);

    const holidays = JSON.stringify(US_POSTAL_HOLIDAYS);
    await q.query(`INSERT INTO repossession_jurisdictions (code, time_zone, holidays) VALUES ('US', 'America/New_York', $1), ('US-CA', 'America/Los_Angeles', $1)`, [holidays]);
    await q.query(
      `INSERT INTO repossession_duties (jurisdiction_code, duty, within_hours, weekend_extension_hours, holiday_extension_hours, citation, description) VALUES
       ('US', 'police_notification', 1, 0, 0, 'Platform default: the strictest common state rule (e.g. Cal. Veh. Code §28); a state row replaces it', 'Notify the local police of the recovery within 1 hour, with the report number.'),
       ('US', 'personal_effects_release', NULL, 0, 0, 'DESIGN §6', $1),
       ('US-CA', 'police_notification', 1, 0, 0, 'Cal. Veh. Code §28(a)', 'Notify the city police department (or the sheriff) within 1 hour after taking possession; keep the report number.'),
       ('US-CA', 'seizure_notice', 48, 24, 24, 'Cal. Bus. & Prof. Code §7507.10(a)', 'Serve the notice of seizure, with the personal effects inventory, not later than 48 hours after the recovery; 72 hours if the 48-hour period encompasses a Saturday, Sunday or postal holiday, 96 hours if it encompasses a Saturday or Sunday and a postal holiday.'),
       ('US-CA', 'personal_effects_release', NULL, 0, 0, 'Cal. Bus. & Prof. Code §7507.9; DESIGN §6', $1)`,
      [RELEASE],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_duties`);
    await q.query(`DROP TABLE repossession_duties`);
    await q.query(`DROP TABLE repossession_jurisdictions`);
  }
}
