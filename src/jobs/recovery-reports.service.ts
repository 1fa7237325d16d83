import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EvidenceService } from './evidence/evidence.service';
import { JobEvent } from './job-event.entity';
import { Job } from './job.entity';

/** A photo of the vehicle from a recovery report: the evidence id, its job, its type and when it came in from the field. */
export interface RecoveryPhoto {
  readonly id: string;
  readonly jobId: string;
  readonly contentType: string;
  /** When the photo was uploaded from the field: the console uploads as it takes them; the file's own metadata is not read. */
  readonly takenAt: Date;
}

/** What the tow operator reported of the vehicle's condition when it recovered it (DESIGN §6, `vehicle_recovered`). */
export interface RecoveryReport {
  readonly jobId: string;
  readonly recoveredAt: Date;
  readonly notes: string | null;
  readonly odometer: number | null;
  readonly keysRecovered: boolean | null;
  readonly photos: readonly RecoveryPhoto[];
}

/**
 * The jobs module's read side for an auction lot (issue 15): the latest recovery report of a
 * lender's vehicle, with the photos of the vehicle it names (not the personal-effect photos: those
 * are the borrower's belongings, not the lot), and their bytes for a reader the lot authorised.
 */
@Injectable()
export class RecoveryReports {
  constructor(private readonly evidence: EvidenceService) {}

  async latestOnVehicle(manager: EntityManager, lenderOrgId: string, vehicleId: string): Promise<RecoveryReport | null> {
    const event = await manager
      .getRepository(JobEvent)
      .createQueryBuilder('e')
      .innerJoin(Job, 'j', 'j.id = e.jobId')
      .where('j.lenderOrgId = :lenderOrgId AND j.vehicleId = :vehicleId AND e.type = :type', { lenderOrgId, vehicleId, type: 'vehicle_recovered' })
      .orderBy('e.occurredAt', 'DESC')
      .addOrderBy('e.createdAt', 'DESC')
      .getOne();
    if (!event) return null;
    const p = event.payload;
    const ids = Array.isArray(p.photo_document_ids) ? p.photo_document_ids.filter((v): v is string => typeof v === 'string') : [];
    const rows = await this.evidence.photosOf(manager, event.jobId, ids);
    const report = p.condition_report as { notes?: unknown } | null | undefined;
    return {
      jobId: event.jobId,
      recoveredAt: event.occurredAt,
      notes: typeof report?.notes === 'string' ? report.notes : null,
      odometer: typeof p.odometer === 'number' ? p.odometer : null,
      keysRecovered: typeof p.keys_recovered === 'boolean' ? p.keys_recovered : null,
      photos: rows.filter((r) => r.kind !== 'personal_effect_photo').map((r) => ({ id: r.id, jobId: r.jobId, contentType: r.contentType, takenAt: r.uploadedAt })),
    };
  }

  /** A recovery photo's bytes when its job is the lender's; null otherwise (the caller answers 404). */
  async photo(manager: EntityManager, lenderOrgId: string, jobId: string, photoId: string) {
    if (!(await manager.existsBy(Job, { id: jobId, lenderOrgId }))) return null;
    return this.evidence.photoBytes(jobId, photoId);
  }
}
