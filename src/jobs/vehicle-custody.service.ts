import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { FeeSchedule } from '../marketplace/domain/fee-schedule';
import { JobEvent } from './job-event.entity';
import { Job } from './job.entity';

/** Who holds a stored vehicle (DESIGN §6, §7): the partner whose job reported it stored, where and since when, at which frozen storage terms. */
export interface VehicleCustody {
  readonly jobId: string;
  readonly partnerOrgId: string;
  /** The yard the `vehicle_stored` report named. */
  readonly yardId: string | null;
  readonly storedAt: Date;
  /** The storage terms frozen into the job at award (`effective_schedule`), as the fee engine prices them. */
  readonly storageTerms: Pick<FeeSchedule, 'currency' | 'storage_per_day' | 'free_storage_days'>;
}

/** The jobs module's read side for auctions: which tow operator's yard holds a vehicle, from its jobs' reports. */
@Injectable()
export class VehicleCustodyService {
  /** The latest `vehicle_stored` report on the lender's jobs for the vehicle; null when no job stored it. */
  async custodyOf(manager: EntityManager, lenderOrgId: string, vehicleId: string): Promise<VehicleCustody | null> {
    const row = await manager
      .getRepository(JobEvent)
      .createQueryBuilder('e')
      .innerJoinAndMapOne('e.job', Job, 'j', 'j.id = e.jobId')
      .where('j.vehicleId = :vehicleId AND j.lenderOrgId = :lenderOrgId', { vehicleId, lenderOrgId })
      .andWhere("e.type = 'vehicle_stored'")
      .orderBy('e.occurredAt', 'DESC')
      .addOrderBy('e.createdAt', 'DESC')
      .getOne();
    if (!row) return null;
    const job = (row as JobEvent & { job: Job }).job;
    const schedule = job.frozenTerms.effective_schedule;
    return {
      jobId: job.id,
      partnerOrgId: job.partnerOrgId,
      yardId: typeof row.payload.yard_id === 'string' ? row.payload.yard_id : null,
      storedAt: row.occurredAt,
      storageTerms: {
        currency: schedule.currency,
        ...(schedule.storage_per_day ? { storage_per_day: schedule.storage_per_day } : {}),
        ...(schedule.free_storage_days !== undefined ? { free_storage_days: schedule.free_storage_days } : {}),
      },
    };
  }
}
