import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { Clock } from '../common/clock/clock';
import { isUniqueViolation } from '../common/database/unique-violation';
import { JsonObject } from '../common/json';
import { OutboxService } from '../common/outbox/outbox.service';
import { PiiCipher } from '../common/pii/pii-cipher';
import { validationFailed } from '../common/problem/problem';
import { Principal } from '../common/tenancy/principal';
import { VehiclesService, VehicleSummary } from '../vehicles/vehicles.service';
import { decryptBorrower, encryptBorrower, maskBorrower } from './borrower-pii';
import { Case } from './case.entity';
import { CaseView, presentCase } from './case.presenter';
import { CaseQueriesService } from './case-queries.service';
import { lockOwnedCase, partiesOf } from './case-rows';
import { CaseErrors } from './cases.errors';
import { CASE_FLAGS } from './domain/case-status';
import { PlacementRow, validatePlacementRow } from './domain/placement-row';
import { PlacementWriter } from './placement-writer';

/** Fields PATCH may change; the others have their own routes or never change. */
const PATCHABLE = new Set(['product', 'currency', 'principal', 'interest', 'fees', 'origination_date', 'first_missed_due_date', 'last_payment_date', 'borrower']);
const NOT_PATCHABLE: Readonly<Record<string, string>> = {
  external_ref: 'cannot change: it identifies the loan; place a new case instead',
  flags: 'set and clear flags with POST /v1/cases/{id}/flags and DELETE /v1/cases/{id}/flags/{flag}, with a reason',
  vehicle: 'change the vehicle with PATCH /v1/vehicles/{id}',
  status: 'change the status with POST /v1/cases/{id}/status',
};

/** Placing one case (`POST /v1/cases`, with its collateral through vehicles) and editing it (`PATCH`), audited and evented. */
@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: CaseQueriesService,
    private readonly vehicles: VehiclesService,
    private readonly cipher: PiiCipher,
    private readonly writer: PlacementWriter,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, body: unknown): Promise<CaseView> {
    const asOf = this.clock.today();
    const result = validatePlacementRow(body, { asOf });
    if (!result.ok) throw CaseErrors.invalidRow(result.errors);
    const row = result.row;
    const now = this.clock.now();
    const entity = this.dataSource.manager.create(Case, {
      id: randomUUID(),
      orgId: principal.orgId,
      ...this.caseColumnsOf(row),
      status: 'new',
      flags: [...row.flags],
      assignedOrgId: null,
      fingerprint: this.writer.fingerprint(row),
      lastImportId: null,
      createdAt: now,
      updatedAt: now,
    });
    const vehicle = await this.dataSource.transaction(async (manager) => {
      try {
        await manager.insert(Case, entity);
      } catch (err) {
        if (isUniqueViolation(err, 'cases_org_external_ref_key')) throw CaseErrors.externalRefTaken(row.external_ref);
        throw err;
      }
      const placed: VehicleSummary | null = row.vehicle ? await this.vehicles.placeCollateral(manager, principal.orgId, entity.id, row.vehicle) : null;
      await this.outbox.record(manager, {
        type: 'case.placed',
        aggregateType: 'case',
        aggregateId: entity.id,
        orgIds: [principal.orgId],
        payload: { case_id: entity.id, external_ref: entity.externalRef, created: 1, updated: 0 },
      });
      return placed;
    });
    const stored = await this.dataSource.manager.findOneByOrFail(Case, { id: entity.id });
    return presentCase(stored, { asOf, borrower: maskBorrower(row.borrower), revealed: false, vehicle });
  }

  async patch(principal: Principal, id: string, body: unknown): Promise<CaseView> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw validationFailed([{ field: 'body', message: 'must be a JSON object' }]);
    const patch = body as Record<string, unknown>;
    const refused = Object.keys(patch).flatMap((key) =>
      PATCHABLE.has(key) ? [] : [{ field: key, message: NOT_PATCHABLE[key] ?? `${key} is not an accepted field` }],
    );
    if (refused.length > 0) throw validationFailed(refused);
    const asOf = this.clock.today();
    const updated = await this.dataSource.transaction(async (manager) => {
      const row = await lockOwnedCase(manager, principal.orgId, id);
      const current = this.rowOf(row);
      const merged = mergePatch(current, patch);
      const result = validatePlacementRow(merged, { asOf });
      if (!result.ok) throw CaseErrors.invalidRow(result.errors);
      const next = result.row;
      const changes = diffRows(current, next);
      if (Object.keys(changes).length === 0) return row;
      const now = this.clock.now();
      // An edit through the API makes the next upload of the loan apply in full (`updated`), whatever it was before.
      Object.assign(row, this.caseColumnsOf(next), { fingerprint: null, updatedAt: now });
      await manager.save(Case, row);
      await this.audit.record({ action: 'case.updated', principal, entityType: 'case', entityId: row.id, changes, outcomeStatus: 200 }, manager);
      await this.outbox.record(manager, {
        type: 'case.updated',
        aggregateType: 'case',
        aggregateId: row.id,
        orgIds: partiesOf(row),
        payload: { case_id: row.id, fields: Object.keys(changes) },
      });
      return row;
    });
    return this.queries.present(await this.dataSource.manager.findOneByOrFail(Case, { id: updated.id }));
  }

  private caseColumnsOf(row: PlacementRow) {
    return {
      externalRef: row.external_ref,
      product: row.product,
      currency: row.currency,
      principal: row.principal,
      interest: row.interest,
      fees: row.fees,
      originationDate: row.origination_date,
      firstMissedDueDate: row.first_missed_due_date,
      lastPaymentDate: row.last_payment_date,
      ...encryptBorrower(this.cipher, row.borrower),
    };
  }

  /** The case as a placement row (without its vehicle), PII decrypted: the base a PATCH applies to. */
  private rowOf(c: Case): PlacementRow {
    return {
      external_ref: c.externalRef,
      product: c.product,
      currency: c.currency,
      principal: c.principal,
      interest: c.interest,
      fees: c.fees,
      origination_date: c.originationDate,
      first_missed_due_date: c.firstMissedDueDate,
      last_payment_date: c.lastPaymentDate,
      borrower: decryptBorrower(this.cipher, c),
      flags: CASE_FLAGS.filter((f) => c.flags.includes(f)),
      vehicle: null,
    };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Applies a partial row: `borrower` and `borrower.address` merge field by field; null clears an optional field. */
function mergePatch(current: PlacementRow, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current, flags: [...current.flags], vehicle: null };
  for (const [key, value] of Object.entries(patch)) {
    if (key !== 'borrower') {
      merged[key] = value;
      continue;
    }
    if (!isObject(value)) {
      merged.borrower = value;
      continue;
    }
    const borrower: Record<string, unknown> = { ...current.borrower };
    for (const [field, v] of Object.entries(value)) {
      borrower[field] = field === 'address' && isObject(v) ? { ...current.borrower.address, ...v } : v;
    }
    merged.borrower = borrower;
  }
  delete merged.vehicle;
  return merged;
}

const PII_FIELDS = new Set(['name', 'phone', 'email', 'address', 'national_id']);

/** Before/after of changed fields for the audit log; PII fields are named, never copied into it. */
function diffRows(before: PlacementRow, after: PlacementRow): JsonObject {
  const changes: JsonObject = {};
  for (const key of ['product', 'currency', 'principal', 'interest', 'fees', 'origination_date', 'first_missed_due_date', 'last_payment_date'] as const) {
    if (before[key] !== after[key]) changes[key] = { before: before[key], after: after[key] };
  }
  for (const key of Object.keys(after.borrower) as (keyof PlacementRow['borrower'])[]) {
    if (JSON.stringify(before.borrower[key]) === JSON.stringify(after.borrower[key])) continue;
    changes[`borrower.${key}`] = PII_FIELDS.has(key) ? 'changed' : { before: before.borrower[key] as string | null, after: after.borrower[key] as string | null };
  }
  return changes;
}
