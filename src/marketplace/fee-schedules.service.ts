import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { Page, PageQuery, paginate } from '../common/pagination/pagination';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { FeeOutcome, FeeQuote, FeeQuoteError, quote } from './domain/fee-engine';
import { FeeSchedule, validateFeeSchedule } from './domain/fee-schedule';
import { CreateFeeScheduleDto, QuoteDto, ReviseFeeScheduleDto } from './dto/fee-schedule.dto';
import { FeeScheduleVersion } from './fee-schedule.entity';
import { feeScheduleShape } from './fee-schedule-shape';
import { MarketplaceErrors } from './marketplace.errors';
import { ROW_LOCK } from '../common/database/row-lock';

export function presentFeeSchedule(f: FeeScheduleVersion) {
  return {
    id: f.id,
    family_id: f.familyId,
    name: f.name,
    version: f.version,
    currency: f.currency,
    schedule: f.schedule,
    created_at: f.createdAt.toISOString(),
  };
}

type FeeScheduleView = ReturnType<typeof presentFeeSchedule>;

/** Versioned fee schedules and the quote endpoint (DESIGN §5); the arithmetic is `domain/fee-engine`. */
@Injectable()
export class FeeSchedulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, dto: CreateFeeScheduleDto): Promise<FeeScheduleView> {
    const schedule = this.validated(dto.schedule);
    const id = randomUUID();
    const row = this.dataSource.manager.create(FeeScheduleVersion, {
      id,
      orgId: principal.orgId,
      familyId: id,
      name: dto.name.trim(),
      version: 1,
      schedule,
      currency: schedule.currency,
      createdByUserId: principal.userId,
      createdAt: this.clock.now(),
    });
    await this.dataSource.manager.insert(FeeScheduleVersion, row);
    return presentFeeSchedule(row);
  }

  /** An edit: the next version of the schedule's family. Versions in use stay as they were. */
  async revise(principal: Principal, id: string, dto: ReviseFeeScheduleDto): Promise<FeeScheduleView> {
    const schedule = this.validated(dto.schedule);
    const row = await this.dataSource.transaction(async (manager) => {
      const base = await this.owned(principal, id, manager);
      // Versions of one family are numbered one at a time: lock the family's first version.
      await manager.getRepository(FeeScheduleVersion).createQueryBuilder('f').setLock(ROW_LOCK).where('f.id = :id', { id: base.familyId }).getOne();
      const latest = await manager.getRepository(FeeScheduleVersion).findOne({ where: { familyId: base.familyId }, order: { version: 'DESC' } });
      const next = manager.create(FeeScheduleVersion, {
        id: randomUUID(),
        orgId: principal.orgId,
        familyId: base.familyId,
        name: dto.name?.trim() ?? latest!.name,
        version: latest!.version + 1,
        schedule,
        currency: schedule.currency,
        createdByUserId: principal.userId,
        createdAt: this.clock.now(),
      });
      await manager.insert(FeeScheduleVersion, next);
      return next;
    });
    return presentFeeSchedule(row);
  }

  async get(principal: Principal, id: string): Promise<FeeScheduleView & { versions: { id: string; version: number }[] }> {
    const row = await this.owned(principal, id);
    const versions = await this.dataSource.manager.find(FeeScheduleVersion, { select: { id: true, version: true }, where: { familyId: row.familyId }, order: { version: 'ASC' } });
    return { ...presentFeeSchedule(row), versions: versions.map((v) => ({ id: v.id, version: v.version })) };
  }

  async list(principal: Principal, query: PageQuery): Promise<Page<FeeScheduleView>> {
    const qb = this.dataSource.manager.getRepository(FeeScheduleVersion).createQueryBuilder('f').where('f.orgId = :orgId', { orgId: principal.orgId });
    const { items, nextCursor } = await paginate(qb, query);
    return { data: items.map(presentFeeSchedule), next_cursor: nextCursor };
  }

  /** A lender's own version by id (404 for anyone else's). */
  async owned(principal: Pick<Principal, 'orgId'>, id: string, manager: EntityManager = this.dataSource.manager): Promise<FeeScheduleVersion> {
    if (!isUuid(id)) throw MarketplaceErrors.feeScheduleNotFound();
    const row = await manager.findOneBy(FeeScheduleVersion, { id, orgId: principal.orgId });
    if (!row) throw MarketplaceErrors.feeScheduleNotFound();
    return row;
  }

  async byId(id: string, manager: EntityManager = this.dataSource.manager): Promise<FeeScheduleVersion> {
    return manager.findOneByOrFail(FeeScheduleVersion, { id });
  }

  /** The versions a page of listings refers to, in one query. */
  async byIds(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, FeeScheduleVersion>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await manager.find(FeeScheduleVersion, { where: { id: In(unique) } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  async quote(principal: Principal, dto: QuoteDto): Promise<FeeQuote & { fee_schedule_id: string | null }> {
    if ((dto.schedule === undefined) === (dto.fee_schedule_id === undefined)) throw MarketplaceErrors.quoteNeedsOneSchedule();
    const stored = dto.fee_schedule_id !== undefined ? await this.owned(principal, dto.fee_schedule_id) : null;
    const schedule = stored ? stored.schedule : this.validated(dto.schedule!);
    const outcome: FeeOutcome = {
      ...(dto.outcome.amount_recovered ? { amount_recovered: { amount: dto.outcome.amount_recovered.amount, currency: dto.outcome.amount_recovered.currency } } : {}),
      ...(dto.outcome.bucket ? { bucket: dto.outcome.bucket } : {}),
      ...(dto.outcome.events ? { events: dto.outcome.events } : {}),
      ...(dto.outcome.storage_days !== undefined ? { storage_days: dto.outcome.storage_days } : {}),
      ...(dto.outcome.distance_m !== undefined ? { distance_m: dto.outcome.distance_m } : {}),
    };
    try {
      return { fee_schedule_id: stored?.id ?? null, ...quote(schedule, outcome) };
    } catch (err) {
      if (!(err instanceof FeeQuoteError)) throw err;
      if (err.code === 'fee_quote.currency_mismatch') throw MarketplaceErrors.quoteCurrencyMismatch(err.message, err.errors);
      if (err.code === 'fee_quote.invalid_schedule') throw MarketplaceErrors.invalidSchedule(err.errors);
      throw MarketplaceErrors.invalidOutcome(err.errors);
    }
  }

  private validated(raw: Record<string, unknown>): FeeSchedule {
    const { schedule, errors } = feeScheduleShape(raw);
    if (errors.length > 0) throw MarketplaceErrors.invalidSchedule(errors);
    const valueErrors = validateFeeSchedule(schedule);
    if (valueErrors.length > 0) throw MarketplaceErrors.invalidSchedule(valueErrors);
    return schedule;
  }
}
