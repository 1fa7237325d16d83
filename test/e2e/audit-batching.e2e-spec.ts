import { randomUUID } from 'node:crypto';
import { AuditService } from '../../src/common/audit/audit.service';
import { aCaseRow } from '../support/cases';
import { aLender, OrgSession } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Issue 18: the audit entries written outside a transaction in the same turn (the interceptor's,
 * one per state-changing request) share one INSERT and one commit; every request still gets its
 * own entry with its own outcome, and one entry the database refuses fails only its own write.
 */
describe('audit log: entries written together', () => {
  let t: TestApp;
  let lender: OrgSession;

  beforeAll(async () => {
    t = await createTestApp();
    lender = await aLender(t).build();
  });
  afterAll(() => t.close());

  it('thirty requests at once, some refused: one entry each with its own outcome and request id, in fewer commits than entries', async () => {
    const bodies = Array.from({ length: 30 }, (_, i) => (i % 5 === 0 ? { ...aCaseRow(), principal: -1 } : aCaseRow()));
    const answers = await Promise.all(bodies.map((body) => t.http.post('/v1/cases').set(lender.auth).send(body)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(24);
    expect(statuses.filter((s) => s !== 201).every((s) => s >= 400 && s < 500)).toBe(true);

    const entries: { outcome_status: number; request_id: string; tx: string }[] = await t.db.query(
      `SELECT outcome_status, request_id, xmin::text AS tx FROM audit_log WHERE actor_org_id = $1 AND action = 'POST /v1/cases'`,
      [lender.orgId],
    );
    expect(entries).toHaveLength(30);
    expect(entries.map((e) => e.outcome_status).sort()).toEqual([...statuses].sort());
    expect(new Set(entries.map((e) => e.request_id)).size).toBe(30);
    expect(new Set(entries.map((e) => e.tx)).size).toBeLessThan(30);
  });

  it('an entry the database refuses fails alone; the others written with it are kept', async () => {
    const audit = t.app.get(AuditService);
    const marker = randomUUID();
    const good = { action: 'test.audit_batch', entityType: 'case', entityId: marker };
    const results = await Promise.allSettled([
      audit.record(good),
      // An actor that is not a uuid: the column refuses it.
      audit.record({ ...good, principal: { orgId: 'not-a-uuid', orgKind: 'lender', userId: null, role: 'owner', apiKeyId: null } }),
      audit.record(good),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'test.audit_batch' AND entity_id = $1`, [marker]);
    expect(n).toBe(2);
  });
});
