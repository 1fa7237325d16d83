import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { FeeSchedule } from '../marketplace/domain/fee-schedule';
import type { JobStatus } from './domain/job-status';
import type { RecoveryMode } from './domain/progress-events';
import type { WorkKind } from './domain/work-kind';
import { JobEvent } from './job-event.entity';
import { Job } from './job.entity';

/** A recorded event of a vehicle's retaking and holding, as the settlement of its sale prices it. */
export type VehicleWorkEvent =
  | { readonly type: 'vehicle_recovered'; readonly at: Date; readonly mode: RecoveryMode }
  | { readonly type: 'vehicle_stored'; readonly at: Date; readonly yardId: string | null }
  | { readonly type: 'vehicle_transported'; readonly at: Date; readonly distanceM: number };

/** A repossession or transport job on a vehicle: who did it, under which frozen terms, what it reported. */
export interface VehicleWork {
  readonly id: string;
  readonly title: string;
  readonly kind: WorkKind;
  readonly status: JobStatus;
  readonly partnerOrgId: string;
  /** The schedule frozen at award with the winning terms written in (DESIGN §5): what the job is priced by. */
  readonly schedule: FeeSchedule;
  readonly startedAt: Date | null;
  readonly events: readonly VehicleWorkEvent[];
}

const VEHICLE_EVENTS = ['vehicle_recovered', 'vehicle_stored', 'vehicle_transported'] as const;

/**
 * The jobs module's read side for sale settlement (issue 16): a lender's repossession and
 * transport jobs on a vehicle with their frozen terms and the recovery, storage and transport
 * events they reported, in the caller's transaction. Nothing here estimates: it is the record.
 */
@Injectable()
export class JobSaleRecords {
  async onVehicle(manager: EntityManager, lenderOrgId: string, vehicleId: string): Promise<VehicleWork[]> {
    const jobs = await manager.getRepository(Job).find({ where: { lenderOrgId, vehicleId, kind: In(['repossession', 'transport']) }, order: { offeredAt: 'ASC', id: 'ASC' } });
    if (jobs.length === 0) return [];
    const events = await manager.getRepository(JobEvent).find({ where: { jobId: In(jobs.map((j) => j.id)), type: In([...VEHICLE_EVENTS]) }, order: { occurredAt: 'ASC', id: 'ASC' } });
    return jobs.map((j) => ({
      id: j.id,
      title: j.title,
      kind: j.kind,
      status: j.status,
      partnerOrgId: j.partnerOrgId,
      schedule: j.frozenTerms.effective_schedule,
      startedAt: j.startedAt,
      events: events.filter((e) => e.jobId === j.id).map(workEvent),
    }));
  }
}

function workEvent(e: JobEvent): VehicleWorkEvent {
  const p = e.payload;
  if (e.type === 'vehicle_recovered') return { type: 'vehicle_recovered', at: e.occurredAt, mode: p.mode === 'voluntary' ? 'voluntary' : 'involuntary' };
  if (e.type === 'vehicle_stored') return { type: 'vehicle_stored', at: e.occurredAt, yardId: typeof p.yard_id === 'string' ? p.yard_id : null };
  return { type: 'vehicle_transported', at: e.occurredAt, distanceM: typeof p.distance_m === 'number' ? p.distance_m : 0 };
}
