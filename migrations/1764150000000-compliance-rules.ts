import { MigrationInterface, QueryRunner } from 'typeorm';

interface SeedRule {
  readonly code: string;
  readonly kind: string;
  readonly citation: string;
  readonly description: string;
  readonly parameters: Record<string, unknown>;
}

interface SeedRuleSet {
  readonly jurisdiction: string;
  readonly effective_from: string;
  readonly rules: readonly SeedRule[];
}

const CONTACT = ['call', 'sms', 'email', 'visit'];

/**
 * The first version of each rule set (issue 13; docs/compliance.md explains every row). Kept here
 * as it was seeded: later versions are written through `PUT /v1/admin/compliance-rules`.
 */
export const SEED_RULE_SETS: readonly SeedRuleSet[] = [
  {
    jurisdiction: '*',
    effective_from: '2020-01-01T00:00:00.000Z',
    rules: [
      { code: 'stop.bankruptcy', kind: 'stop_flag', citation: 'DESIGN §4, §6: bankruptcy stops all collection activity (US: 11 U.S.C. §362(a) automatic stay)', description: 'No contact while the borrower is in bankruptcy.', parameters: { condition: 'bankruptcy' } },
      { code: 'stop.legal_hold', kind: 'stop_flag', citation: 'DESIGN §4, §6: a legal hold stops all collection activity', description: 'No contact while the case is under legal hold.', parameters: { condition: 'legal_hold' } },
      { code: 'stop.dispute_unverified', kind: 'stop_flag', citation: 'DESIGN §6: no contact while a dispute is unverified (US: FDCPA 15 U.S.C. §1692g(b); Reg F 12 CFR §1006.38(d)(2))', description: 'No collection contact until the disputed debt is verified.', parameters: { condition: 'disputed' } },
      { code: 'stop.cease_contact', kind: 'stop_flag', citation: 'DESIGN §6: no contact after a written cease request', description: 'No contact after the borrower asked in writing that contact cease.', parameters: { condition: 'cease_contact' } },
    ],
  },
  {
    jurisdiction: 'US',
    effective_from: '2021-11-30T00:00:00.000Z',
    rules: [
      { code: 'us.contact_window', kind: 'contact_window', citation: 'FDCPA 15 U.S.C. §1692c(a)(1); Reg F 12 CFR §1006.6(b)(1)(i)', description: 'Contact only after 08:00 and before 21:00 in the borrower’s local time, in each zone the case holds for the borrower.', parameters: { start: '08:00', end: '21:00', channels: CONTACT } },
      { code: 'us.call_frequency', kind: 'attempt_cap', citation: 'Reg F 12 CFR §1006.14(b)(2)(i)(A)', description: 'No more than 7 call attempts about a debt within 7 consecutive days; calls that do not connect to the dialed number (§1006.14(b)(3)(ii)) and calls the borrower makes do not count.', parameters: { max: 7, window: 'rolling_days', days: 7, scope: 'debt', counts: 'placed', channels: ['call'] } },
      { code: 'us.conversation_cooloff', kind: 'conversation_cooloff', citation: 'Reg F 12 CFR §1006.14(b)(2)(i)(B)', description: 'No call about a debt within 7 days after a telephone conversation about it, the conversation day being day 1; a conversation about several debts counts for each (§1006.14(b)(2)(ii)).', parameters: { days: 7, channels: ['call'] } },
      { code: 'stop.cease_contact', kind: 'stop_flag', citation: 'FDCPA 15 U.S.C. §1692c(c); Reg F 12 CFR §1006.6(c)(1)', description: 'No contact after the borrower asked in writing that contact cease.', parameters: { condition: 'cease_contact' } },
      { code: 'us.attorney', kind: 'stop_flag', citation: 'FDCPA 15 U.S.C. §1692c(a)(2); Reg F 12 CFR §1006.6(b)(2)', description: 'No contact with a borrower known to be represented by an attorney about the debt.', parameters: { condition: 'attorney_represented' } },
      { code: 'us.third_party', kind: 'third_party', citation: 'FDCPA 15 U.S.C. §1692c(b), §1692b; Reg F 12 CFR §1006.6(d)(1), §1006.10', description: 'Third parties only to acquire location information about the borrower.', parameters: { allowed: 'location_only' } },
    ],
  },
  {
    jurisdiction: 'US-MA',
    effective_from: '2021-11-30T00:00:00.000Z',
    rules: [
      { code: 'us-ma.call_frequency', kind: 'attempt_cap', citation: 'Mass. 940 CMR 7.04(1)(f)', description: 'No more than 2 telephone communications (a conversation or a message left) about a debt in each 7-day period.', parameters: { max: 2, window: 'rolling_days', days: 7, scope: 'debt', counts: 'communication', channels: ['call'] } },
    ],
  },
  {
    jurisdiction: 'CN',
    effective_from: '2024-01-01T00:00:00.000Z',
    rules: [
      { code: 'cn.contact_window', kind: 'contact_window', citation: 'NIFA post-loan collection guideline (2024); CBA collection guideline (2026)', description: 'No collection between 22:00 and 08:00 local time.', parameters: { start: '08:00', end: '22:00', channels: CONTACT } },
      { code: 'cn.connected_calls_per_day', kind: 'attempt_cap', citation: 'NIFA post-loan collection guideline (2024); CBA collection guideline (2026)', description: 'At most 3 connected calls a day per debtor, across the lender and all its agencies.', parameters: { max: 3, window: 'local_day', scope: 'debtor', counts: 'connected', channels: ['call'] } },
      { code: 'cn.unanswered_per_contact', kind: 'attempt_cap', citation: 'NIFA post-loan collection guideline (2024); CBA collection guideline (2026)', description: 'At most 6 unanswered attempts a day to the same contact.', parameters: { max: 6, window: 'local_day', scope: 'contact', counts: 'unanswered', channels: ['call'] } },
      { code: 'cn.visit_collectors', kind: 'required_attribute', citation: 'NIFA post-loan collection guideline (2024); CBA collection guideline (2026)', description: 'A home visit needs two or more collectors recorded.', parameters: { attribute: 'collectors', min: 2, channels: ['visit'] } },
      { code: 'cn.call_recording', kind: 'required_attribute', citation: 'NIFA post-loan collection guideline (2024); CBA collection guideline (2026)', description: 'Every collection call is recorded; the attempt carries its recording reference.', parameters: { attribute: 'recording_ref', channels: ['call'] } },
      { code: 'cn.third_party', kind: 'third_party', citation: 'NIFA post-loan collection guideline (2024); CBA collection guideline (2026)', description: 'No collection from third parties unrelated to the debt.', parameters: { allowed: 'none' } },
    ],
  },
];

/**
 * Issue 13 §1: compliance rule sets per jurisdiction as data, versioned with the moment each
 * version takes effect. Versions are never edited: the rules in force at any past moment stay
 * readable, which is what a refusal (or its absence) is later judged by.
 */
export class ComplianceRules1764150000000 implements MigrationInterface {
  name = 'ComplianceRules1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE compliance_rule_sets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction text NOT NULL,
      version int NOT NULL,
      effective_from timestamptz(3) NOT NULL,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      created_by_user_id uuid,
      UNIQUE (jurisdiction, version)
    )`);
    await q.query(`CREATE INDEX compliance_rule_sets_in_force ON compliance_rule_sets (jurisdiction, effective_from DESC, version DESC)`);
    await q.query(`CREATE TABLE compliance_rules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      rule_set_id uuid NOT NULL REFERENCES compliance_rule_sets (id),
      position int NOT NULL,
      code text NOT NULL,
      kind text NOT NULL,
      citation text NOT NULL,
      description text NOT NULL,
      parameters jsonb NOT NULL,
      UNIQUE (rule_set_id, code)
    )`);
    // A version in force is evidence: neither it nor its rules change once written.
    await q.query(`CREATE FUNCTION compliance_rules_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only: write a new version', TG_TABLE_NAME; END $$`);
    await q.query(`CREATE TRIGGER compliance_rule_sets_immutable BEFORE UPDATE OR DELETE ON compliance_rule_sets FOR EACH ROW EXECUTE FUNCTION compliance_rules_immutable()`);
    await q.query(`CREATE TRIGGER compliance_rules_immutable BEFORE UPDATE OR DELETE ON compliance_rules FOR EACH ROW EXECUTE FUNCTION compliance_rules_immutable()`);
    for (const set of SEED_RULE_SETS) {
      const [row] = (await q.query(`INSERT INTO compliance_rule_sets (jurisdiction, version, effective_from) VALUES ($1, 1, $2) RETURNING id`, [set.jurisdiction, set.effective_from])) as { id: string }[];
      for (const [position, rule] of set.rules.entries()) {
        await q.query(`INSERT INTO compliance_rules (rule_set_id, position, code, kind, citation, description, parameters) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
          row!.id,
          position,
          rule.code,
          rule.kind,
          rule.citation,
          rule.description,
          JSON.stringify(rule.parameters),
        ]);
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE compliance_rules`);
    await q.query(`DROP TABLE compliance_rule_sets`);
    await q.query(`DROP FUNCTION compliance_rules_immutable()`);
  }
}
