import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { JsonValue } from '../common/json';
import { Money } from '../common/money';
import { PiiCipher } from '../common/pii/pii-cipher';
import { decryptBorrower } from './borrower-pii';
import { CaseContact, CaseContactKind } from './case-contact.entity';
import { Case } from './case.entity';
import { CaseFlag, CaseStatus } from './domain/case-status';
import { daysPastDue } from './domain/delinquency';
import { PlacementBorrower } from './domain/placement-row';

/** A contact found after placement, decrypted for a reader allowed to see it in full. */
export interface FoundContact {
  readonly id: string;
  readonly kind: CaseContactKind;
  readonly value: JsonValue;
  readonly source: string;
  readonly confidence: number | null;
  readonly found_by_org_id: string;
  readonly found_at: string;
}

/** A case as the work on it needs it: the borrower in full (the caller decides what to show and audits it). */
export interface CaseForWork {
  readonly id: string;
  readonly orgId: string;
  readonly externalRef: string;
  readonly status: CaseStatus;
  readonly flags: readonly CaseFlag[];
  readonly product: Case['product'];
  readonly balance: Money;
  readonly daysPastDue: number;
  readonly borrower: PlacementBorrower;
  readonly contacts: readonly FoundContact[];
}

/** What a list of jobs shows of each job's cases (no PII): how many, how much, where, in which states. */
export interface CaseSetSummary {
  readonly case_count: number;
  readonly total_balance: Money | null;
  readonly regions: string[];
  readonly statuses: CaseStatus[];
  /** The first few loan references, in order. */
  readonly external_refs: string[];
}

export interface NewContact {
  readonly kind: CaseContactKind;
  readonly value: JsonValue;
  readonly source: string;
  readonly confidence: number | null;
}

/**
 * What the jobs module reads and adds on the cases it works (DESIGN §2, §6): the borrower and the
 * contacts found since placement, and new skip-traced contacts, in the caller's transaction.
 */
@Injectable()
export class CaseWorkService {
  constructor(
    private readonly cipher: PiiCipher,
    private readonly clock: Clock,
  ) {}

  async casesForWork(manager: EntityManager, orgId: string, caseIds: readonly string[]): Promise<CaseForWork[]> {
    if (caseIds.length === 0) return [];
    const rows = await manager.find(Case, { where: { orgId, id: In([...caseIds]) }, order: { externalRef: 'ASC' } });
    const contacts = await manager.find(CaseContact, { where: { caseId: In(rows.map((r) => r.id)) }, order: { createdAt: 'ASC', id: 'ASC' } });
    const today = this.clock.today();
    return rows.map((c) => ({
      id: c.id,
      orgId: c.orgId,
      externalRef: c.externalRef,
      status: c.status,
      flags: c.flags,
      product: c.product,
      balance: { amount: c.principal + c.interest + c.fees, currency: c.currency },
      daysPastDue: daysPastDue(c.firstMissedDueDate, today),
      borrower: decryptBorrower(this.cipher, c),
      contacts: contacts
        .filter((k) => k.caseId === c.id)
        .map((k) => ({
          id: k.id,
          kind: k.kind,
          value: JSON.parse(this.cipher.decrypt(k.valueEnc)) as JsonValue,
          source: k.source,
          confidence: k.confidence,
          found_by_org_id: k.foundByOrgId,
          found_at: k.createdAt.toISOString(),
        })),
    }));
  }

  /** One summary per set of case ids, in one query however many sets (a page of jobs). */
  async summarize(manager: EntityManager, sets: readonly (readonly string[])[]): Promise<CaseSetSummary[]> {
    const idx: number[] = [];
    const ids: string[] = [];
    sets.forEach((set, i) => set.forEach((id) => (idx.push(i), ids.push(id))));
    const rows: { idx: number; n: string; total: string | null; currency: string | null; regions: string[]; statuses: CaseStatus[]; refs: string[] }[] =
      ids.length === 0
        ? []
        : await manager.query(
            `SELECT s.idx, count(*) AS n, sum(c.total_due) AS total, min(c.currency) AS currency, array_agg(DISTINCT c.borrower_region ORDER BY c.borrower_region) AS regions,
                    array_agg(DISTINCT c.status ORDER BY c.status) AS statuses, (array_agg(c.external_ref ORDER BY c.external_ref))[1:3] AS refs
               FROM unnest($1::int[], $2::uuid[]) AS s(idx, case_id) JOIN cases c ON c.id = s.case_id GROUP BY s.idx`,
            [idx, ids],
          );
    const byIdx = new Map(rows.map((r) => [Number(r.idx), r]));
    return sets.map((_, i) => {
      const r = byIdx.get(i);
      if (!r) return { case_count: 0, total_balance: null, regions: [], statuses: [], external_refs: [] };
      return { case_count: Number(r.n), total_balance: r.currency ? { amount: Number(r.total), currency: r.currency } : null, regions: r.regions, statuses: r.statuses, external_refs: r.refs };
    });
  }

  /** DESIGN §6 `skip_trace_result`: new contacts join the case, encrypted, with source and date. */
  async addContacts(manager: EntityManager, caseId: string, foundByOrgId: string, jobEventId: string, contacts: readonly NewContact[]): Promise<void> {
    if (contacts.length === 0) return;
    const now = this.clock.now();
    await manager.insert(
      CaseContact,
      contacts.map((c) => {
        const valueEnc = this.cipher.encrypt(JSON.stringify(c.value));
        return { id: randomUUID(), caseId, kind: c.kind, valueEnc, piiKeyId: this.cipher.keyIdOf(valueEnc)!, source: c.source, confidence: c.confidence, foundByOrgId, jobEventId, createdAt: now };
      }),
    );
  }
}
