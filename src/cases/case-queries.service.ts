import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { isCalendarDate } from '../common/calendar/calendar-date';
import { Clock } from '../common/clock/clock';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor';
import { Page } from '../common/pagination/pagination';
import { PiiCipher } from '../common/pii/pii-cipher';
import { validationFailed } from '../common/problem/problem';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { VehiclesService } from '../vehicles/vehicles.service';
import { decryptBorrower, maskBorrower } from './borrower-pii';
import { Case } from './case.entity';
import { afterPosition, CASE_SORT_SPECS, filterCases } from './case-filter';
import { CaseView, presentCase } from './case.presenter';
import { CaseErrors } from './cases.errors';
import { CaseListQuery } from './dto/case-query.dto';

/** Roles that may read borrower PII unmasked (DESIGN §2); viewers read masked data only. */
const REVEAL_ROLES = new Set(['owner', 'manager', 'agent']);

/** Reading cases: one case (masked, or revealed and audited), the filtered list, and the view every write answers with. */
@Injectable()
export class CaseQueriesService {
  constructor(
    @InjectRepository(Case) private readonly cases: Repository<Case>,
    private readonly vehicles: VehiclesService,
    private readonly cipher: PiiCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async get(principal: Principal, id: string, options: { reveal: boolean; asOf?: string }, request?: FastifyRequest): Promise<CaseView> {
    const asOf = this.asOf(options.asOf);
    if (options.reveal && !REVEAL_ROLES.has(principal.role)) throw CaseErrors.revealNotAllowed();
    if (!isUuid(id)) throw CaseErrors.notFound();
    const row = await this.cases.findOneBy({ id, orgId: principal.orgId });
    if (!row) throw CaseErrors.notFound();
    const [vehicle] = await this.vehicles.collateralOf([row.id]);
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

  async list(principal: Principal, query: CaseListQuery): Promise<Page<CaseView>> {
    const asOf = this.asOf(query.as_of);
    const sortName = query.sort ?? '-created_at';
    const sort = CASE_SORT_SPECS[sortName];
    const limit = query.limit ?? 50;
    const qb = filterCases(this.cases.createQueryBuilder('c'), principal.orgId, query, asOf, this.cipher);
    if (query.cursor) {
      // The cursor names the sort it was issued for: a cursor of another sort is refused, not misread.
      const [, value, id] = decodeCursor(query.cursor, [{ literal: sortName }, sort.cursorPart, 'uuid']);
      afterPosition(qb, sort, value, id);
    }
    const rows = await qb.orderBy(sort.column, sort.direction).addOrderBy('c.id', sort.direction).take(limit + 1).getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const byCase = new Map((await this.vehicles.collateralOf(items.map((c) => c.id))).map((v) => [v.caseId, v]));
    return {
      data: items.map((c) => presentCase(c, { asOf, borrower: maskBorrower(decryptBorrower(this.cipher, c)), revealed: false, vehicle: byCase.get(c.id) ?? null })),
      next_cursor: rows.length > limit && last ? encodeCursor([sortName, sort.valueOf(last), last.id]) : null,
    };
  }

  /** The case as every write answers it: masked, as of today, with its collateral. */
  async present(row: Case, manager?: EntityManager): Promise<CaseView> {
    const [vehicle] = await this.vehicles.collateralOf([row.id], manager);
    return presentCase(row, { asOf: this.clock.today(), borrower: maskBorrower(decryptBorrower(this.cipher, row)), revealed: false, vehicle: vehicle ?? null });
  }

  /** `as_of` of a read: a calendar date, today by default. */
  asOf(value: string | undefined): string {
    if (value === undefined) return this.clock.today();
    if (!isCalendarDate(value)) throw validationFailed([{ field: 'as_of', message: 'must be a date as YYYY-MM-DD' }]);
    return value;
  }
}
