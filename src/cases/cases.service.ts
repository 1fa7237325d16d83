import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { Brackets, DataSource, EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { addDays, isCalendarDate } from '../common/calendar/calendar-date';
import { Clock } from '../common/clock/clock';
import { JsonObject } from '../common/json';
import { Money } from '../common/money';
import { OutboxService } from '../common/outbox/outbox.service';
import { Page } from '../common/pagination/pagination';
import { PiiCipher } from '../common/pii/pii-cipher';
import { validationFailed } from '../common/problem/problem';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { Vehicle } from '../vehicles/vehicle.entity';
import { BLIND_INDEX, decryptBorrower, encryptBorrower, maskBorrower } from './borrower-pii';
import { Case } from './case.entity';
import { CaseHolds } from './case-holds';
import { CaseView, presentCase, VehicleSummary } from './case.presenter';
import { CaseErrors } from './cases.errors';
import { assertCaseTransition, CASE_FLAGS, CaseFlag, CaseStatus, isOnHold, ListingBlocker, listingBlockers } from './domain/case-status';
import { assessDelinquency, Delinquency } from './domain/delinquency';
import { PlacementRow, validatePlacementRow } from './domain/placement-row';
import { CaseFilterQuery, CaseListQuery, CaseSort } from './dto/case-query.dto';
import { PlacementWriter } from './placement-writer';

/** Roles that may read borrower PII unmasked (DESIGN §2); viewers read masked data only. */
const REVEAL_ROLES = new Set(['owner', 'manager', 'agent']);

/** Statuses a lender sets directly; the others follow listings, awards and jobs (marketplace, jobs modules). */
const LENDER_SETTABLE: ReadonlySet<CaseStatus> = new Set(['new', 'resolved', 'written_off']);

/** Fields PATCH may change; the others have their own routes or never change. */
const PATCHABLE = new Set(['product', 'currency', 'principal', 'interest', 'fees', 'origination_date', 'first_missed_due_date', 'last_payment_date', 'borrower']);
const NOT_PATCHABLE: Readonly<Record<string, string>> = {
  external_ref: 'cannot change: it identifies the loan; place a new case instead',
  flags: 'set and clear flags with POST /v1/cases/{id}/flags and DELETE /v1/cases/{id}/flags/{flag}, with a reason',
  vehicle: 'change the vehicle with PATCH /v1/vehicles/{id}',
  status: 'change the status with POST /v1/cases/{id}/status',
};

const BUCKET_DAYS: Readonly<Record<string, readonly [number, number | null]>> = {
  current: [0, 0],
  M1: [1, 30],
  M2: [31, 60],
  M3: [61, 90],
  'M4+': [91, null],
};
const STAGE_DAYS: Readonly<Record<string, readonly [number, number | null]>> = { early: [0, 59], late: [60, null] };

interface SortSpec {
  readonly column: string;
  readonly direction: 'ASC' | 'DESC';
  readonly valueOf: (c: Case) => string;
}

const SORTS: Readonly<Record<CaseSort, SortSpec>> = {
  created_at: { column: 'c.createdAt', direction: 'ASC', valueOf: (c) => c.createdAt.toISOString() },
  '-created_at': { column: 'c.createdAt', direction: 'DESC', valueOf: (c) => c.createdAt.toISOString() },
  total_due: { column: 'c.totalDue', direction: 'ASC', valueOf: (c) => String(c.totalDue) },
  '-total_due': { column: 'c.totalDue', direction: 'DESC', valueOf: (c) => String(c.totalDue) },
  // More days past due is an earlier first missed due date.
  days_past_due: { column: 'c.firstMissedDueDate', direction: 'DESC', valueOf: (c) => c.firstMissedDueDate },
  '-days_past_due': { column: 'c.firstMissedDueDate', direction: 'ASC', valueOf: (c) => c.firstMissedDueDate },
  external_ref: { column: 'c.externalRef', direction: 'ASC', valueOf: (c) => c.externalRef },
  '-external_ref': { column: 'c.externalRef', direction: 'DESC', valueOf: (c) => c.externalRef },
};

/** What the marketplace needs of a case to list, score and award it (issue 5). */
export interface MarketplaceCase {
  readonly id: string;
  readonly orgId: string;
  readonly externalRef: string;
  readonly status: CaseStatus;
  readonly product: Case['product'];
  readonly flags: readonly CaseFlag[];
  readonly region: string;
  readonly balance: Money;
  readonly delinquency: Delinquency;
  readonly hasVehicle: boolean;
  readonly assignedOrgId: string | null;
  readonly listingBlockers: readonly ListingBlocker[];
}

export interface StatusMoveOptions {
  readonly reason?: string;
  /** For `assigned`: the partner org the case goes to. */
  readonly assignedOrgId?: string;
  readonly actor?: Principal | null;
}

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Case) private readonly cases: Repository<Case>,
    @InjectRepository(Vehicle) private readonly vehicles: Repository<Vehicle>,
    private readonly cipher: PiiCipher,
    private readonly writer: PlacementWriter,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly holds: CaseHolds,
  ) {}

  // ---- single case ---------------------------------------------------------------------------

  async create(principal: Principal, body: unknown): Promise<CaseView> {
    const asOf = this.clock.today();
    const result = validatePlacementRow(body, { asOf });
    if (!result.ok) throw CaseErrors.invalidRow(result.errors);
    const row = result.row;
    const now = this.clock.now();
    const entity = this.cases.create({
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
      let placed: Vehicle | null = null;
      if (row.vehicle) {
        const v = row.vehicle;
        const existing = await manager.findOne(Vehicle, { where: { orgId: principal.orgId, vin: v.vin }, lock: { mode: 'pessimistic_write' } });
        if (existing?.caseId) {
          throw validationFailed([{ field: 'vehicle.vin', message: 'is already the collateral of another of your cases' }]);
        }
        placed = manager.create(Vehicle, {
          ...(existing ?? { id: randomUUID(), orgId: principal.orgId, status: 'financed', createdAt: now, lastLatitude: null, lastLongitude: null, lastPositionAt: null, keysAvailable: null, lienRef: null, titleStatus: null }),
          caseId: entity.id,
          vin: v.vin,
          plate: v.plate,
          plateRegion: v.plate_region,
          make: v.make,
          model: v.model,
          year: v.year,
          mileage: v.mileage,
          colour: v.colour,
          valuationAmount: v.valuation?.amount ?? null,
          valuationCurrency: v.valuation?.currency ?? null,
          valuationSource: v.valuation?.source ?? null,
          valuationDate: v.valuation?.date ?? null,
          updatedAt: now,
        });
        await manager.save(Vehicle, placed);
        await this.outbox.record(manager, {
          type: existing ? 'vehicle.updated' : 'vehicle.created',
          aggregateType: 'vehicle',
          aggregateId: placed.id,
          orgIds: [principal.orgId],
          payload: { vehicle_id: placed.id, case_id: entity.id, vin: placed.vin, status: placed.status },
        });
      }
      await this.outbox.record(manager, {
        type: 'case.placed',
        aggregateType: 'case',
        aggregateId: entity.id,
        orgIds: [principal.orgId],
        payload: { case_id: entity.id, external_ref: entity.externalRef, created: 1, updated: 0 },
      });
      return placed;
    });
    const stored = await this.cases.findOneByOrFail({ id: entity.id });
    return presentCase(stored, { asOf, borrower: maskBorrower(row.borrower), revealed: false, vehicle });
  }

  async get(principal: Principal, id: string, options: { reveal: boolean; asOf?: string }, request?: FastifyRequest): Promise<CaseView> {
    const asOf = this.asOf(options.asOf);
    if (options.reveal && !REVEAL_ROLES.has(principal.role)) throw CaseErrors.revealNotAllowed();
    const row = await this.findOwned(principal, id);
    const [vehicle] = await this.vehicleSummaries([row.id]);
    const borrower = decryptBorrower(this.cipher, row);
    if (options.reveal) {
      // DESIGN §2: every unmasked read is in the audit log.
      await this.audit.record({
        action: 'case.pii_revealed',
        principal,
        entityType: 'case',
        entityId: row.id,
        changes: { fields: ['borrower.name', 'borrower.phone', 'borrower.email', 'borrower.address', 'borrower.national_id'] },
        outcomeStatus: 200,
        request,
      });
    }
    return presentCase(row, { asOf, borrower: options.reveal ? borrower : maskBorrower(borrower), revealed: options.reveal, vehicle: vehicle ?? null });
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
      const row = await this.lockOwned(manager, principal.orgId, id);
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
        orgIds: this.partiesOf(row),
        payload: { case_id: row.id, fields: Object.keys(changes) },
      });
      return row;
    });
    const fresh = await this.cases.findOneByOrFail({ id: updated.id });
    const [vehicle] = await this.vehicleSummaries([fresh.id]);
    return presentCase(fresh, { asOf, borrower: maskBorrower(decryptBorrower(this.cipher, fresh)), revealed: false, vehicle: vehicle ?? null });
  }

  async setFlag(principal: Principal, id: string, flag: CaseFlag, reason: string): Promise<CaseView> {
    return this.changeFlag(principal, id, flag, reason, true);
  }

  async clearFlag(principal: Principal, id: string, flag: string, reason: string): Promise<CaseView> {
    if (!(CASE_FLAGS as readonly string[]).includes(flag)) throw validationFailed([{ field: 'flag', message: `must be one of ${CASE_FLAGS.join(', ')}` }]);
    return this.changeFlag(principal, id, flag as CaseFlag, reason, false);
  }

  private async changeFlag(principal: Principal, id: string, flag: CaseFlag, reason: string, set: boolean): Promise<CaseView> {
    const row = await this.dataSource.transaction(async (manager) => {
      const found = await this.lockOwned(manager, principal.orgId, id);
      const has = found.flags.includes(flag);
      if (set && has) throw CaseErrors.flagAlreadySet(flag);
      if (!set && !has) throw CaseErrors.flagNotSet(flag);
      const wasOnHold = isOnHold(found.flags);
      found.flags = set ? CASE_FLAGS.filter((f) => f === flag || found.flags.includes(f)) : found.flags.filter((f) => f !== flag);
      found.updatedAt = this.clock.now();
      await manager.update(Case, { id: found.id }, { flags: found.flags, updatedAt: found.updatedAt });
      const type = set ? 'case.flag_set' : 'case.flag_cleared';
      await this.audit.record({ action: type, principal, entityType: 'case', entityId: found.id, changes: { flag, reason: reason.trim() }, outcomeStatus: 200 }, manager);
      // Jobs consume this: bankruptcy and legal_hold stop all collection activity (DESIGN §4).
      await this.outbox.record(manager, {
        type,
        aggregateType: 'case',
        aggregateId: found.id,
        orgIds: this.partiesOf(found),
        payload: { case_id: found.id, flag, reason: reason.trim(), flags: [...found.flags], on_hold: isOnHold(found.flags), was_on_hold: wasOnHold },
      });
      if (set && (flag === 'bankruptcy' || flag === 'legal_hold')) await this.holds.hold(manager, { caseId: found.id, lenderOrgId: found.orgId, cause: { kind: 'flag', flag }, reason: reason.trim() });
      return found;
    });
    const [vehicle] = await this.vehicleSummaries([row.id]);
    return presentCase(row, { asOf: this.clock.today(), borrower: maskBorrower(decryptBorrower(this.cipher, row)), revealed: false, vehicle: vehicle ?? null });
  }

  /** The lender's own moves: back to its book (`new`), `resolved` or `written_off`. */
  async changeStatus(principal: Principal, id: string, to: CaseStatus, reason?: string): Promise<CaseView> {
    if (!LENDER_SETTABLE.has(to)) throw CaseErrors.statusManagedElsewhere(to);
    const row = await this.dataSource.transaction(async (manager) => {
      const [moved] = await this.moveStatus(manager, principal.orgId, [id], to, { reason, actor: principal });
      // DESIGN §6: a case paid or written off ends every open job on it, in this transaction.
      if (to === 'resolved' || to === 'written_off') await this.holds.hold(manager, { caseId: moved.id, lenderOrgId: moved.orgId, cause: { kind: 'case_closed', status: to }, reason: reason?.trim() || `case ${to} by the lender` });
      return moved;
    });
    const [vehicle] = await this.vehicleSummaries([row.id]);
    return presentCase(row, { asOf: this.clock.today(), borrower: maskBorrower(decryptBorrower(this.cipher, row)), revealed: false, vehicle: vehicle ?? null });
  }

  // ---- lists ---------------------------------------------------------------------------------

  async list(principal: Principal, query: CaseListQuery): Promise<Page<CaseView>> {
    const asOf = this.asOf(query.as_of);
    const sort = SORTS[query.sort ?? '-created_at'];
    const limit = query.limit ?? 50;
    const qb = this.filtered(principal, query, asOf);
    if (query.cursor) {
      const [value, id] = decodeCaseCursor(query.cursor, query.sort ?? '-created_at');
      qb.andWhere(`(${sort.column}, c.id) ${sort.direction === 'ASC' ? '>' : '<'} (:cursorValue, :cursorId)`, { cursorValue: value, cursorId: id });
    }
    const rows = await qb.orderBy(sort.column, sort.direction).addOrderBy('c.id', sort.direction).take(limit + 1).getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const vehicles = await this.vehicleSummaries(items.map((c) => c.id));
    const byCase = new Map(vehicles.map((v) => [v.caseId, v]));
    return {
      data: items.map((c) => presentCase(c, { asOf, borrower: maskBorrower(decryptBorrower(this.cipher, c)), revealed: false, vehicle: byCase.get(c.id) ?? null })),
      next_cursor: rows.length > limit && last ? encodeCaseCursor(query.sort ?? '-created_at', sort.valueOf(last), last.id) : null,
    };
  }

  /** The filtered list as CSV, PII masked, streamed page by page in the list's order. */
  exportCsv(principal: Principal, query: CaseFilterQuery): Readable {
    const asOf = this.asOf(query.as_of);
    const sort = SORTS[query.sort ?? '-created_at'];
    const columns = [
      'id', 'external_ref', 'product', 'status', 'currency', 'principal', 'interest', 'fees', 'total_due',
      'origination_date', 'first_missed_due_date', 'last_payment_date', 'as_of', 'days_past_due', 'bucket', 'stage',
      'borrower_name', 'borrower_phone', 'borrower_email', 'borrower_region', 'borrower_timezone', 'flags',
      'vehicle_vin', 'vehicle_status', 'created_at',
    ];
    const out = stringify({ header: true, columns });
    const stream = new PassThrough();
    out.pipe(stream);
    void (async () => {
      let cursor: [string, string] | null = null;
      for (;;) {
        const qb = this.filtered(principal, query, asOf);
        if (cursor) qb.andWhere(`(${sort.column}, c.id) ${sort.direction === 'ASC' ? '>' : '<'} (:cursorValue, :cursorId)`, { cursorValue: cursor[0], cursorId: cursor[1] });
        const page = await qb.orderBy(sort.column, sort.direction).addOrderBy('c.id', sort.direction).take(1000).getMany();
        const vehicles = new Map((await this.vehicleSummaries(page.map((c) => c.id))).map((v) => [v.caseId, v]));
        for (const c of page) {
          const b = maskBorrower(decryptBorrower(this.cipher, c));
          const d = assessDelinquency(c.firstMissedDueDate, asOf);
          const v = vehicles.get(c.id);
          const line = [
            c.id, c.externalRef, c.product, c.status, c.currency, c.principal, c.interest, c.fees, c.principal + c.interest + c.fees,
            c.originationDate, c.firstMissedDueDate, c.lastPaymentDate ?? '', asOf, d.days_past_due, d.bucket, d.stage,
            b.name, b.phone ?? '', b.email ?? '', b.region, b.timezone, CASE_FLAGS.filter((f) => c.flags.includes(f)).join(';'),
            v?.vin ?? '', v?.status ?? '', c.createdAt.toISOString(),
          ];
          if (!out.write(line)) await new Promise((resolve) => out.once('drain', resolve));
        }
        if (page.length < 1000) break;
        const last = page[page.length - 1];
        cursor = [sort.valueOf(last), last.id];
      }
      out.end();
    })().catch((err: Error) => stream.destroy(err));
    return stream;
  }

  private filtered(principal: Principal, query: CaseFilterQuery, asOf: string): SelectQueryBuilder<Case> {
    const qb = this.cases.createQueryBuilder('c').where('c.orgId = :orgId', { orgId: principal.orgId });
    if (query.status) qb.andWhere('c.status IN (:...statuses)', { statuses: query.status.split(',') });
    if (query.product) qb.andWhere('c.product IN (:...products)', { products: query.product.split(',') });
    if (query.currency) qb.andWhere('c.currency = :currency', { currency: query.currency });
    if (query.region) {
      const regions = query.region.split(',');
      qb.andWhere(
        new Brackets((w) => {
          regions.forEach((r, i) => {
            // A country matches its subdivisions: `US` finds US-TX and US-CA.
            if (r.length === 2) w.orWhere(`c.borrowerRegion LIKE :region${i}`, { [`region${i}`]: `${r}-%` });
            else w.orWhere(`c.borrowerRegion = :region${i}`, { [`region${i}`]: r });
          });
        }),
      );
    }
    if (query.flags === 'none') qb.andWhere(`c.flags = '{}'`);
    else if (query.flags) qb.andWhere('c.flags @> :flags', { flags: query.flags.split(',') });
    if (query.has_vehicle) qb.andWhere(`${query.has_vehicle === 'true' ? '' : 'NOT '}EXISTS (SELECT 1 FROM vehicles v WHERE v.case_id = c.id)`);
    if (query.balance_min !== undefined) qb.andWhere('c.totalDue >= :balanceMin', { balanceMin: query.balance_min });
    if (query.balance_max !== undefined) qb.andWhere('c.totalDue <= :balanceMax', { balanceMax: query.balance_max });
    // Days past due are not stored: each range of days is a range of first missed due dates as of `asOf`.
    const ranges: (readonly [number, number | null])[][] = [];
    if (query.dpd_min !== undefined || query.dpd_max !== undefined) ranges.push([[query.dpd_min ?? 0, query.dpd_max ?? null]]);
    if (query.bucket) ranges.push(query.bucket.split(',').map((b) => BUCKET_DAYS[b]));
    if (query.stage) ranges.push([STAGE_DAYS[query.stage]]);
    ranges.forEach((anyOf, g) => {
      qb.andWhere(
        new Brackets((w) => {
          anyOf.forEach(([min, max], i) => {
            const conditions: string[] = [];
            const params: Record<string, string> = {};
            if (min > 0) {
              conditions.push(`c.firstMissedDueDate <= :dpdTo${g}_${i}`);
              params[`dpdTo${g}_${i}`] = addDays(asOf, -min);
            }
            if (max !== null) {
              conditions.push(`c.firstMissedDueDate >= :dpdFrom${g}_${i}`);
              params[`dpdFrom${g}_${i}`] = addDays(asOf, -max);
            }
            w.orWhere(conditions.length > 0 ? conditions.join(' AND ') : 'TRUE', params);
          });
        }),
      );
    });
    if (query.borrower_phone) qb.andWhere('c.borrowerPhoneBidx = :phoneBidx', { phoneBidx: this.cipher.blindIndex(BLIND_INDEX.phone, query.borrower_phone) });
    if (query.borrower_email) qb.andWhere('c.borrowerEmailBidx = :emailBidx', { emailBidx: this.cipher.blindIndex(BLIND_INDEX.email, query.borrower_email) });
    if (query.borrower_national_id) {
      qb.andWhere('c.borrowerNationalIdBidx = :nidBidx', { nidBidx: this.cipher.blindIndex(BLIND_INDEX.nationalId, query.borrower_national_id) });
    }
    return qb;
  }

  // ---- the marketplace's API (issue 5) -------------------------------------------------------

  /**
   * Cases of a lender by id with what a listing needs: balance, bucket and stage as of `asOf`,
   * region, and the flags that block listing. Ids of other lenders or unknown ids are left out;
   * the caller compares lengths. Pass `lock` to hold the rows (`FOR UPDATE`) for the transaction.
   */
  async loadForMarketplace(manager: EntityManager, orgId: string, ids: readonly string[], options: { asOf?: string; lock?: boolean } = {}): Promise<MarketplaceCase[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const asOf = options.asOf ?? this.clock.today();
    const qb = manager.getRepository(Case).createQueryBuilder('c').where('c.orgId = :orgId', { orgId }).andWhere('c.id IN (:...ids)', { ids: valid }).orderBy('c.id');
    if (options.lock) qb.setLock('pessimistic_write');
    const rows = await qb.getMany();
    const withVehicle = new Set(
      (await manager.getRepository(Vehicle).find({ select: { caseId: true }, where: { caseId: In(rows.map((r) => r.id)) } })).map((v) => v.caseId),
    );
    return rows.map((c) => ({
      id: c.id,
      orgId: c.orgId,
      externalRef: c.externalRef,
      status: c.status,
      product: c.product,
      flags: CASE_FLAGS.filter((f) => c.flags.includes(f)),
      region: c.borrowerRegion,
      balance: { amount: c.principal + c.interest + c.fees, currency: c.currency },
      delinquency: assessDelinquency(c.firstMissedDueDate, asOf),
      hasVehicle: withVehicle.has(c.id),
      assignedOrgId: c.assignedOrgId,
      listingBlockers: listingBlockers(c.flags),
    }));
  }

  /** 422 `case.listing_blocked` naming each case and flag when any case may not be listed. */
  assertListable(cases: readonly Pick<MarketplaceCase, 'id' | 'listingBlockers'>[]): void {
    const blocked = cases.filter((c) => c.listingBlockers.length > 0).map((c) => ({ caseId: c.id, blockers: c.listingBlockers }));
    if (blocked.length > 0) throw CaseErrors.listingBlocked(blocked);
  }

  /** new | recalled | returned → listed, refused under a blocking flag; in the caller's transaction. */
  async markListed(manager: EntityManager, orgId: string, ids: readonly string[], options: StatusMoveOptions = {}): Promise<Case[]> {
    return this.moveStatus(manager, orgId, ids, 'listed', options);
  }

  /** listed → assigned to a partner org (award); in the caller's transaction. */
  async markAssigned(manager: EntityManager, orgId: string, ids: readonly string[], partnerOrgId: string, options: StatusMoveOptions = {}): Promise<Case[]> {
    return this.moveStatus(manager, orgId, ids, 'assigned', { ...options, assignedOrgId: partnerOrgId });
  }

  /**
   * Moves cases of one lender along the case machine under row locks, in the caller's
   * transaction: 404 for an id that is not the lender's, 409 for an illegal move, 422 when
   * listing is blocked. One `case.status_changed` event per case.
   */
  async moveStatus(manager: EntityManager, orgId: string, ids: readonly string[], to: CaseStatus, options: StatusMoveOptions = {}): Promise<Case[]> {
    const unique = [...new Set(ids)];
    if (unique.some((id) => !isUuid(id))) throw CaseErrors.notFound();
    const rows = await manager.getRepository(Case).createQueryBuilder('c').where('c.orgId = :orgId', { orgId }).andWhere('c.id IN (:...ids)', { ids: unique }).orderBy('c.id').setLock('pessimistic_write').getMany();
    if (rows.length !== unique.length) throw CaseErrors.notFound();
    for (const row of rows) assertCaseTransition(row.status, to);
    if (to === 'listed') this.assertListable(rows.map((r) => ({ id: r.id, listingBlockers: listingBlockers(r.flags) })));
    const now = this.clock.now();
    const events = rows.map((row) => {
      const from = row.status;
      const parties = this.partiesOf(row);
      row.status = to;
      // A case belongs to a partner only while assigned or worked (DESIGN §2: "while the job is active").
      row.assignedOrgId = to === 'assigned' ? (options.assignedOrgId ?? null) : ['in_progress', 'payment_plan'].includes(to) ? row.assignedOrgId : null;
      row.updatedAt = now;
      const payload: JsonObject = { case_id: row.id, from, to, reason: options.reason ?? null, assigned_org_id: row.assignedOrgId };
      return { type: 'case.status_changed', aggregateType: 'case', aggregateId: row.id, orgIds: [...new Set([...parties, ...this.partiesOf(row)])], payload };
    });
    await manager
      .createQueryBuilder()
      .update(Case)
      .set({ status: to, assignedOrgId: () => (to === 'assigned' ? ':assignedOrgId' : ['in_progress', 'payment_plan'].includes(to) ? 'assigned_org_id' : 'NULL'), updatedAt: now })
      .where('id IN (:...ids)', { ids: rows.map((r) => r.id) })
      .setParameter('assignedOrgId', options.assignedOrgId ?? null)
      .execute();
    await this.outbox.recordMany(manager, events);
    if (options.actor) {
      for (const e of events) await this.audit.record({ action: 'case.status_changed', principal: options.actor, entityType: 'case', entityId: e.aggregateId, changes: e.payload }, manager);
    }
    return rows;
  }

  /**
   * The borrower of each of a lender's cases, masked (DESIGN §2), for partners reading a listing:
   * masked name, city and postal code (enough to judge field work), region and time zone.
   */
  async maskedBorrowers(orgId: string, ids: readonly string[]): Promise<Map<string, { name: string; city: string | null; postal_code: string | null; region: string; timezone: string }>> {
    const valid = ids.filter(isUuid);
    const rows = valid.length === 0 ? [] : await this.cases.find({ where: { orgId, id: In(valid) } });
    return new Map(
      rows.map((c) => {
        const b = maskBorrower(decryptBorrower(this.cipher, c));
        return [c.id, { name: b.name, city: b.address?.city ?? null, postal_code: b.address?.postal_code ?? null, region: b.region, timezone: b.timezone }];
      }),
    );
  }

  // ---- helpers -------------------------------------------------------------------------------

  private asOf(value: string | undefined): string {
    if (value === undefined) return this.clock.today();
    if (!isCalendarDate(value)) throw validationFailed([{ field: 'as_of', message: 'must be a date as YYYY-MM-DD' }]);
    return value;
  }

  private partiesOf(row: Case): string[] {
    return row.assignedOrgId ? [row.orgId, row.assignedOrgId] : [row.orgId];
  }

  private async findOwned(principal: Principal, id: string): Promise<Case> {
    if (!isUuid(id)) throw CaseErrors.notFound();
    const row = await this.cases.findOneBy({ id, orgId: principal.orgId });
    if (!row) throw CaseErrors.notFound();
    return row;
  }

  private async lockOwned(manager: EntityManager, orgId: string, id: string): Promise<Case> {
    if (!isUuid(id)) throw CaseErrors.notFound();
    const row = await manager.getRepository(Case).createQueryBuilder('c').where('c.id = :id AND c.orgId = :orgId', { id, orgId }).setLock('pessimistic_write').getOne();
    if (!row) throw CaseErrors.notFound();
    return row;
  }

  private async vehicleSummaries(caseIds: readonly string[]): Promise<(VehicleSummary & { caseId: string })[]> {
    if (caseIds.length === 0) return [];
    const rows = await this.vehicles.find({
      select: { id: true, vin: true, status: true, make: true, model: true, year: true, caseId: true },
      where: { caseId: In([...caseIds]) },
    });
    return rows.map((v) => ({ id: v.id, vin: v.vin, status: v.status, make: v.make, model: v.model, year: v.year, caseId: v.caseId! }));
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

/** Keyset cursor of the case list: the sort it was issued for, the sort value and the id of the last row. */
function encodeCaseCursor(sort: CaseSort, value: string, id: string): string {
  return Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
}

function decodeCaseCursor(cursor: string, sort: CaseSort): [string, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 3 && parsed[0] === sort && typeof parsed[1] === 'string' && typeof parsed[2] === 'string' && isUuid(parsed[2])) {
      return [parsed[1], parsed[2]];
    }
  } catch {
    // fall through
  }
  throw validationFailed([{ field: 'cursor', message: 'cursor is not one this API issued for this sort' }]);
}

export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.code ?? e.driverError?.code;
  const name = e.constraint ?? e.driverError?.constraint;
  return code === '23505' && name === constraint;
}
