import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { Clock } from '../common/clock/clock';
import { Principal } from '../common/tenancy/principal';
import { PlatformFeeScheduleDto } from './dto/payment.dto';
import { PlatformFeeSchedule } from './platform-fee-schedule.entity';
import { presentPlatformFeeSchedule } from './payments.presenter';

/**
 * The platform's fee schedule (DESIGN §8), set by platform admins: each change is a new version
 * effective from now. A job pays the version in force when its terms were frozen (award), so
 * like the partner's terms it never changes under work already awarded.
 */
@Injectable()
export class PlatformFeesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async set(principal: Principal, dto: PlatformFeeScheduleDto) {
    const row = await this.dataSource.transaction(async (manager) => {
      // One version number per currency even when two admins save at once.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`platform-fee-schedule:${dto.currency}`]);
      const [{ next }] = await manager.query(`SELECT COALESCE(max(version), 0) + 1 AS next FROM platform_fee_schedules WHERE currency = $1`, [dto.currency]);
      const now = this.clock.now();
      const saved = await manager.getRepository(PlatformFeeSchedule).save(
        manager.create(PlatformFeeSchedule, { currency: dto.currency, version: Number(next), recoveredBps: dto.recovered_bps, hammerBps: dto.hammer_bps ?? null, effectiveFrom: now, createdByUserId: principal.userId, createdAt: now }),
      );
      await this.audit.record({ action: 'platform_fee_schedule.set', principal, entityType: 'platform_fee_schedule', entityId: saved.id, changes: { currency: dto.currency, version: saved.version, recovered_bps: dto.recovered_bps, hammer_bps: dto.hammer_bps ?? null } }, manager);
      return saved;
    });
    return presentPlatformFeeSchedule(row);
  }

  async list() {
    const rows = await this.dataSource.getRepository(PlatformFeeSchedule).find({ order: { currency: 'ASC', version: 'DESC' } });
    return { data: rows.map(presentPlatformFeeSchedule), next_cursor: null };
  }

  /** The version in force at `at` for a currency, or null when the platform charged nothing then. */
  async inForce(manager: EntityManager, currency: string, at: Date): Promise<PlatformFeeSchedule | null> {
    return manager
      .getRepository(PlatformFeeSchedule)
      .createQueryBuilder('s')
      .where('s.currency = :currency', { currency })
      .andWhere('s.effectiveFrom <= :at', { at })
      .orderBy('s.effectiveFrom', 'DESC')
      .addOrderBy('s.version', 'DESC')
      .getOne();
  }
}
