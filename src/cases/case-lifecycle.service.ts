import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { Clock } from '../common/clock/clock';
import { Money } from '../common/money';
import { OutboxService } from '../common/outbox/outbox.service';
import { PiiCipher } from '../common/pii/pii-cipher';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { VehiclesService } from '../vehicles/vehicles.service';
import { decryptAddress, decryptBorrower, maskBorrower } from './borrower-pii';
import { Case } from './case.entity';
import { CaseView } from './case.presenter';
import { CaseQueriesService } from './case-queries.service';
import { lockOwnedCase, partiesOf } from './case-rows';
import { CaseErrors } from './cases.errors';
import { CaseHolds } from './case-holds.service';
import { balanceOf, CaseBalances } from './domain/balance';
import { assertCaseTransition, canTransitionCase, CASE_FLAGS, CaseFlag, CaseStatus, LENDER_SETTABLE_STATUSES, ListingBlocker, listingBlockers, manualMoveRefusal } from './domain/case-status';
import { assessDelinquency, Delinquency } from './domain/delinquency';
import { ROW_LOCK } from '../common/database/row-lock';

/** What the marketplace needs of a case to list, score and award it (issue 5). */
/** Where a case's work is (`locationsOf`). */
export interface CaseLocation {
  readonly region: string;
  readonly postalCode: string | null;
  readonly position: { readonly latitude: number; readonly longitude: number } | null;
}

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

/** A case's borrower as a partner reading a listing sees it (DESIGN §2: masked). */
export interface ListedBorrower {
  readonly name: string;
  readonly city: string | null;
  readonly postal_code: string | null;
  readonly region: string;
  readonly timezone: string;
}

export interface StatusMoveOptions {
  readonly reason?: string;
  /** For `assigned`: the partner org the case goes to. */
  readonly assignedOrgId?: string;
  readonly actor?: Principal | null;
}

/** Statuses in which the case keeps the partner it was assigned to (DESIGN §2: "while the job is active"). */
const KEEPS_PARTNER: readonly CaseStatus[] = ['in_progress', 'payment_plan'];

/**
 * The case status machine in motion: the lender's own moves and the moves listings, awards and
 * jobs make inside their transactions. The only part of cases the marketplace imports.
 */
@Injectable()
export class CaseLifecycleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Case) private readonly cases: Repository<Case>,
    private readonly queries: CaseQueriesService,
    private readonly vehicles: VehiclesService,
    private readonly cipher: PiiCipher,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly holds: CaseHolds,
  ) {}

  /**
   * The lender's own moves: back to its book (`new`), `resolved` or `written_off`; refused while
   * the case is listed or assigned, where only the listing and job flows move it (issue 9 §6).
   */
  async changeStatus(principal: Principal, id: string, to: CaseStatus, reason?: string): Promise<CaseView> {
    if (!LENDER_SETTABLE_STATUSES.includes(to)) throw CaseErrors.statusManagedElsewhere(to);
    const row = await this.dataSource.transaction(async (manager) => {
      const current = await lockOwnedCase(manager, principal.orgId, id);
      if (manualMoveRefusal(current.status, to) === 'held_by_marketplace') throw CaseErrors.heldByMarketplace(current.status);
      const [moved] = await this.moveStatus(manager, principal.orgId, [id], to, { reason, actor: principal });
      // DESIGN §6: a case paid or written off ends every open job on it, in this transaction.
      if (to === 'resolved' || to === 'written_off') await this.holds.hold(manager, { caseId: moved.id, lenderOrgId: moved.orgId, cause: { kind: 'case_closed', status: to }, reason: reason?.trim() || `case ${to} by the lender` });
      return moved;
    });
    return this.queries.present(row);
  }

  /**
   * Cases of a lender by id with what a listing needs: balance, bucket and stage as of `asOf`,
   * region, and the flags that block listing. Ids of other lenders or unknown ids are left out;
   * the caller compares lengths. Pass `lock` to hold the rows (`ROW_LOCK`) for the transaction.
   */
  async loadForMarketplace(manager: EntityManager, orgId: string, ids: readonly string[], options: { asOf?: string; lock?: boolean } = {}): Promise<MarketplaceCase[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const asOf = options.asOf ?? this.clock.today();
    const qb = manager.getRepository(Case).createQueryBuilder('c').where('c.orgId = :orgId', { orgId }).andWhere('c.id IN (:...ids)', { ids: valid }).orderBy('c.id');
    if (options.lock) qb.setLock(ROW_LOCK);
    const rows = await qb.getMany();
    const withVehicle = new Set((await this.vehicles.collateralOf(rows.map((r) => r.id), manager)).map((v) => v.caseId));
    return rows.map((c) => ({
      id: c.id,
      orgId: c.orgId,
      externalRef: c.externalRef,
      status: c.status,
      product: c.product,
      flags: CASE_FLAGS.filter((f) => c.flags.includes(f)),
      region: c.borrowerRegion,
      balance: balanceOf(c),
      delinquency: assessDelinquency(c.firstMissedDueDate, asOf),
      hasVehicle: withVehicle.has(c.id),
      assignedOrgId: c.assignedOrgId,
      listingBlockers: listingBlockers(c.flags),
    }));
  }

  /**
   * Where each case's work is, for the award's proximity (DESIGN §5): the borrower's region and
   * postal code — what the masked borrower already shows a partner, read from the encrypted address —
   * and its vehicle's last known position when one was reported.
   */
  async locationsOf(manager: EntityManager, orgId: string, ids: readonly string[]): Promise<Map<string, CaseLocation>> {
    const valid = [...new Set(ids.filter(isUuid))];
    if (valid.length === 0) return new Map();
    const rows = await manager.getRepository(Case).createQueryBuilder('c').select(['c.id', 'c.borrowerRegion', 'c.borrowerAddressEnc']).where('c.orgId = :orgId', { orgId }).andWhere('c.id IN (:...ids)', { ids: valid }).getMany();
    const positions = await this.vehicles.lastPositionsOf(rows.map((c) => c.id), manager);
    return new Map(
      rows.map((c) => {
        const postalCode = decryptAddress(this.cipher, c.borrowerAddressEnc)?.postal_code ?? null;
        return [c.id, { region: c.borrowerRegion, postalCode, position: positions.get(c.id) ?? null }];
      }),
    );
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
    const rows = await manager.getRepository(Case).createQueryBuilder('c').where('c.orgId = :orgId', { orgId }).andWhere('c.id IN (:...ids)', { ids: unique }).orderBy('c.id').setLock(ROW_LOCK).getMany();
    if (rows.length !== unique.length) throw CaseErrors.notFound();
    for (const row of rows) assertCaseTransition(row.status, to);
    if (to === 'listed') this.assertListable(rows.map((r) => ({ id: r.id, listingBlockers: listingBlockers(r.flags) })));
    const now = this.clock.now();
    const events = rows.map((row) => {
      const from = row.status;
      const parties = partiesOf(row);
      row.status = to;
      row.assignedOrgId = to === 'assigned' ? (options.assignedOrgId ?? null) : KEEPS_PARTNER.includes(to) ? row.assignedOrgId : null;
      row.updatedAt = now;
      const payload = { case_id: row.id, from, to, reason: options.reason ?? null, assigned_org_id: row.assignedOrgId };
      return { type: 'case.status_changed' as const, aggregateType: 'case', aggregateId: row.id, orgIds: [...new Set([...parties, ...partiesOf(row)])], payload };
    });
    await manager
      .createQueryBuilder()
      .update(Case)
      .set({ status: to, assignedOrgId: () => (to === 'assigned' ? ':assignedOrgId' : KEEPS_PARTNER.includes(to) ? 'assigned_org_id' : 'NULL'), updatedAt: now })
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
  async maskedBorrowers(orgId: string, ids: readonly string[]): Promise<Map<string, ListedBorrower>> {
    const valid = ids.filter(isUuid);
    const rows = valid.length === 0 ? [] : await this.cases.find({ where: { orgId, id: In(valid) } });
    return new Map(
      rows.map((c) => {
        const b = maskBorrower(decryptBorrower(this.cipher, c));
        return [c.id, { name: b.name, city: b.address?.city ?? null, postal_code: b.address?.postal_code ?? null, region: b.region, timezone: b.timezone }];
      }),
    );
  }

  /** The borrower's preferred language as placed (BCP 47, e.g. `zh-CN`), null when none was given: letters to the borrower are written in it (issue 16). */
  async borrowerLanguage(orgId: string, id: string): Promise<string | null> {
    if (!isUuid(id)) return null;
    const row = await this.cases.findOne({ where: { orgId, id }, select: { id: true, borrowerLanguage: true } });
    return row?.borrowerLanguage ?? null;
  }

  /**
   * A lender's case under a row lock for a confirmed payment (issue 14), in the caller's
   * transaction: its balances and its bucket as of `asOf`. 404 when the case is not the lender's.
   */
  async lockForPayment(manager: EntityManager, orgId: string, id: string, asOf: string): Promise<PayableCase> {
    return payableCase(await lockOwnedCase(manager, orgId, id), asOf);
  }

  /**
   * Applies a payment's allocation to a locked case's balances (`reduce`) or puts it back after a
   * reversal (`restore`), in the caller's transaction. A reduction that leaves nothing due
   * resolves the case through `moveStatus` and stops its open jobs (`CaseHolds`, as a lender's own
   * resolution does) in the same transaction; a restore leaves the status alone (a resolved case stays
   * resolved, the reversal is a ledger correction: see `case-status.ts`).
   */
  async applyPayment(manager: EntityManager, orgId: string, id: string, change: PaymentAllocation, how: 'reduce' | 'restore', options: { receivedOn?: string; actor?: Principal | null } = {}): Promise<PayableCase> {
    const row = await lockOwnedCase(manager, orgId, id);
    const sign = how === 'reduce' ? -1 : 1;
    const next = { principal: row.principal + sign * change.principal, interest: row.interest + sign * change.interest, fees: row.fees + sign * change.fees };
    if (next.principal < 0 || next.interest < 0 || next.fees < 0) throw new RangeError(`a payment may not take case ${id} below zero`);
    const lastPaymentDate = how === 'reduce' && options.receivedOn && (!row.lastPaymentDate || options.receivedOn > row.lastPaymentDate) ? options.receivedOn : row.lastPaymentDate;
    await manager.getRepository(Case).update({ id: row.id }, { ...next, lastPaymentDate, updatedAt: this.clock.now() });
    Object.assign(row, next, { lastPaymentDate });
    // A written-off case paid in full keeps its status: the write-off's reversal is the lender's call.
    if (how === 'reduce' && balanceOf(row).amount === 0 && canTransitionCase(row.status, 'resolved')) {
      const [moved] = await this.moveStatus(manager, orgId, [id], 'resolved', { reason: 'paid in full', actor: options.actor ?? null });
      await this.holds.hold(manager, { caseId: moved.id, lenderOrgId: moved.orgId, cause: { kind: 'case_closed', status: 'resolved' }, reason: 'paid in full' });
      return payableCase(moved, this.clock.today());
    }
    return payableCase(row, this.clock.today());
  }

  /**
   * Adds fees to a lender's case in the caller's transaction (issue 16: a sale's expenses the
   * proceeds did not cover join the deficiency the borrower owes, UCC §9-615(d)(2)).
   */
  async chargeFees(manager: EntityManager, orgId: string, id: string, amount: number): Promise<PayableCase> {
    if (!Number.isSafeInteger(amount) || amount <= 0) throw new RangeError('fees charged are a positive integer number of minor units');
    const row = await lockOwnedCase(manager, orgId, id);
    await manager.getRepository(Case).update({ id: row.id }, { fees: row.fees + amount, updatedAt: this.clock.now() });
    row.fees += amount;
    return payableCase(row, this.clock.today());
  }
}

/** What a payment needs of a case (issue 14). */
export interface PayableCase {
  readonly id: string;
  readonly orgId: string;
  readonly status: CaseStatus;
  readonly balances: CaseBalances;
  readonly totalDue: Money;
  readonly delinquency: Delinquency;
  readonly assignedOrgId: string | null;
}

/** How a payment splits across a case's balances, in minor units of the case's currency. */
export interface PaymentAllocation {
  readonly fees: number;
  readonly interest: number;
  readonly principal: number;
}

function payableCase(c: Case, asOf: string): PayableCase {
  return {
    id: c.id,
    orgId: c.orgId,
    status: c.status,
    balances: { principal: c.principal, interest: c.interest, fees: c.fees, currency: c.currency },
    totalDue: balanceOf(c),
    delinquency: assessDelinquency(c.firstMissedDueDate, asOf),
    assignedOrgId: c.assignedOrgId,
  };
}
