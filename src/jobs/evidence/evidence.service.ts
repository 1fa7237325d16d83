import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import { Clock } from '../../common/clock/clock';
import { JsonObject } from '../../common/json';
import { maskName } from '../../common/pii/masking';
import { PiiCipher } from '../../common/pii/pii-cipher';
import { validationFailed } from '../../common/problem/problem';
import { DocumentStorage, safeFilename } from '../../common/storage/document-storage';
import { Principal } from '../../common/tenancy/principal';
import { isUuid } from '../../common/tenancy/tenancy';
import { UploadedFile } from '../../common/validation/multipart';
import type { JobStatus } from '../domain/job-status';
import { Job } from '../job.entity';
import { JobErrors } from '../jobs.errors';
import { evidenceIdsOf, EvidenceKind, EVIDENCE_KINDS, releaseFeeRefusal, sniffPhotoType } from './domain/evidence';
import { ReleasePersonalEffectDto } from './dto/evidence.dto';
import { JobEvidence, PersonalEffect } from './evidence.entity';
import { EvidenceErrors } from './evidence.errors';
import { ROW_LOCK } from '../../common/database/row-lock';

/** While a partner may take photos: at work, or on hold (a recovery after a hold is still recorded, DESIGN §6). */
const UPLOAD_STATUSES: readonly JobStatus[] = ['accepted', 'in_progress', 'on_hold'];

/**
 * Photos from the field and the personal-property inventory (DESIGN §6). The partner uploads a
 * photo (JPEG/PNG/HEIC by its bytes, sha256 kept), then names it on the progress event that
 * reports it; the lender and the job's partner download it, anyone else gets 404. A recovery's
 * inventory becomes one row per item; items go back to the borrower without a release fee.
 */
@Injectable()
export class EvidenceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: DocumentStorage,
    private readonly cipher: PiiCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The file is written first and removed again if the row cannot be stored: a refusal leaves neither. */
  async upload(principal: Principal, jobId: string, fields: Record<string, string>, file: UploadedFile | null) {
    const kind = fields.kind;
    const errors = [
      ...(EVIDENCE_KINDS as readonly string[]).includes(kind ?? '') ? [] : [{ field: 'kind', message: `must be one of ${EVIDENCE_KINDS.join(', ')}` }],
      ...Object.keys(fields).filter((f) => f !== 'kind').map((field) => ({ field, message: 'is not a field of this upload' })),
      ...(file ? [] : [{ field: 'file', message: 'a photo (JPEG, PNG or HEIC) is required' }]),
    ];
    if (errors.length > 0) throw validationFailed(errors);
    const job = await this.jobOf(this.dataSource.manager, principal, jobId, 'partner');
    if (!UPLOAD_STATUSES.includes(job.status)) throw EvidenceErrors.jobNotActive(job.status);
    const contentType = sniffPhotoType(file!.data);
    if (!contentType) throw EvidenceErrors.unsupportedType(file!.mimetype);
    const id = randomUUID();
    const key = `evidence/${job.id}/${id}`;
    await this.storage.put(key, file!.data);
    try {
      const row = await this.dataSource.transaction(async (m) => {
        const locked = await this.jobOf(m, principal, jobId, 'partner', true);
        if (!UPLOAD_STATUSES.includes(locked.status)) throw EvidenceErrors.jobNotActive(locked.status);
        const evidence = m.create(JobEvidence, {
          id,
          jobId: job.id,
          kind: kind as EvidenceKind,
          storageKey: key,
          filename: safeFilename(file!.filename, 'photo'),
          contentType,
          sizeBytes: file!.data.length,
          sha256: createHash('sha256').update(file!.data).digest('hex'),
          uploadedByOrgId: principal.orgId,
          uploadedByUserId: principal.userId,
          uploadedAt: this.clock.now(),
          eventId: null,
        });
        await m.insert(JobEvidence, evidence);
        return evidence;
      });
      return presentEvidence(row);
    } catch (err) {
      await this.storage.delete(key);
      throw err;
    }
  }

  async download(principal: Principal, jobId: string, evidenceId: string): Promise<{ row: JobEvidence; data: Buffer }> {
    const job = await this.jobOf(this.dataSource.manager, principal, jobId, 'either');
    if (!isUuid(evidenceId)) throw EvidenceErrors.notFound();
    const row = await this.dataSource.getRepository(JobEvidence).findOneBy({ id: evidenceId, jobId: job.id });
    if (!row) throw EvidenceErrors.notFound();
    const data = await this.storage.get(row.storageKey);
    if (!data) throw EvidenceErrors.notFound();
    return { row, data };
  }

  /** Photos of a job by id, in the order asked (an id that is not the job's is left out), in the caller's transaction. */
  async photosOf(manager: EntityManager, jobId: string, ids: readonly string[]): Promise<JobEvidence[]> {
    if (ids.length === 0) return [];
    const rows = await manager.getRepository(JobEvidence).findBy({ jobId, id: In([...ids]) });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** One photo's row and bytes, for a reader another module has already authorised (an auction lot's buyers); null when absent. */
  async photoBytes(jobId: string, evidenceId: string): Promise<{ row: JobEvidence; data: Buffer } | null> {
    if (!isUuid(evidenceId)) return null;
    const row = await this.dataSource.getRepository(JobEvidence).findOneBy({ id: evidenceId, jobId });
    const data = row ? await this.storage.get(row.storageKey) : null;
    return row && data ? { row, data } : null;
  }

  /** The photos a progress event names (the event's own list, with download paths). */
  async ofEvent(principal: Principal, jobId: string, eventId: string) {
    const job = await this.jobOf(this.dataSource.manager, principal, jobId, 'either');
    if (!isUuid(eventId)) return { data: [] };
    const rows = await this.dataSource.getRepository(JobEvidence).find({ where: { jobId: job.id, eventId }, order: { uploadedAt: 'ASC', id: 'ASC' } });
    return { data: rows.map(presentEvidence) };
  }

  /**
   * In the progress report's transaction: a recovery's photos (its own and its inventory items')
   * must be this job's uploads not yet named by another event; they are attached to it, and its
   * inventory becomes one row per item. A refusal rolls the whole report back.
   */
  async attach(manager: EntityManager, job: Pick<Job, 'id'>, event: { id: string; type: string; payload: JsonObject }): Promise<void> {
    if (event.type !== 'vehicle_recovered') return;
    const ids = evidenceIdsOf(event.payload);
    if (ids.length > 0) {
      const rows = await manager.getRepository(JobEvidence).createQueryBuilder('e').setLock(ROW_LOCK).where({ id: In(ids), jobId: job.id }).getMany();
      const found = new Set(rows.map((r) => r.id));
      const unknown = ids.filter((id) => !found.has(id));
      if (unknown.length > 0) throw EvidenceErrors.unknown(unknown);
      const taken = rows.filter((r) => r.eventId !== null).map((r) => r.id);
      if (taken.length > 0) throw EvidenceErrors.alreadyAttached(taken);
      await manager.update(JobEvidence, { id: In(ids) }, { eventId: event.id });
    }
    const items = (event.payload.personal_property ?? []) as { description: string; photo_document_ids?: string[] }[];
    if (items.length === 0) return;
    await manager.insert(
      PersonalEffect,
      items.map((item, position) => ({
        id: randomUUID(),
        jobId: job.id,
        eventId: event.id,
        position,
        description: item.description,
        photoIds: item.photo_document_ids ?? [],
        releasedAt: null,
        releasedTo: null,
        recipientNameEnc: null,
        releasedByUserId: null,
      })),
    );
  }

  async personalEffects(principal: Principal, jobId: string) {
    const job = await this.jobOf(this.dataSource.manager, principal, jobId, 'either');
    const rows = await this.dataSource.getRepository(PersonalEffect).find({ where: { jobId: job.id }, order: { eventId: 'ASC', position: 'ASC' } });
    return { data: rows.map((r) => this.presentEffect(r)) };
  }

  /** The partner holding the items records their release; a fee is refused (DESIGN §6) and nothing is written. */
  async release(principal: Principal, jobId: string, itemId: string, dto: ReleasePersonalEffectDto) {
    const refusal = releaseFeeRefusal(dto.fee);
    if (refusal) throw EvidenceErrors.feeRefused(refusal);
    return this.dataSource.transaction(async (m) => {
      const job = await this.jobOf(m, principal, jobId, 'partner');
      if (!isUuid(itemId)) throw EvidenceErrors.personalEffectNotFound();
      const item = await m.getRepository(PersonalEffect).createQueryBuilder('p').setLock(ROW_LOCK).where({ id: itemId, jobId: job.id }).getOne();
      if (!item) throw EvidenceErrors.personalEffectNotFound();
      if (item.releasedAt) throw EvidenceErrors.alreadyReleased(item.releasedAt);
      const now = this.clock.now();
      const releasedAt = dto.released_at ? new Date(dto.released_at) : now;
      if (releasedAt.getTime() > now.getTime() + 5 * 60_000) throw validationFailed([{ field: 'released_at', message: 'must not be in the future' }]);
      const changes = { releasedAt, releasedTo: dto.released_to, recipientNameEnc: this.cipher.encrypt(dto.recipient_name.trim()), releasedByUserId: principal.userId };
      await m.update(PersonalEffect, { id: item.id }, changes);
      await this.audit.record({ action: 'personal_effect.release', principal, entityType: 'personal_effect', entityId: item.id, changes: { job_id: job.id, released_to: dto.released_to, released_at: releasedAt.toISOString(), fee: 0 } }, m);
      return this.presentEffect({ ...item, ...changes });
    });
  }

  /** The job as its lender or its partner sees it; anyone else gets the 404 of an unknown job. */
  private async jobOf(manager: EntityManager, principal: Principal, id: string, side: 'partner' | 'either', lock = false): Promise<Job> {
    if (!isUuid(id)) throw JobErrors.notFound();
    const qb = manager.getRepository(Job).createQueryBuilder('j').where('j.id = :id', { id });
    if (side === 'partner' || principal.orgKind !== 'lender') qb.andWhere('j.partnerOrgId = :orgId', { orgId: principal.orgId });
    else qb.andWhere('j.lenderOrgId = :orgId', { orgId: principal.orgId });
    if (lock) qb.setLock('pessimistic_read');
    const job = await qb.getOne();
    if (!job) throw JobErrors.notFound();
    return job;
  }

  private presentEffect(r: PersonalEffect) {
    return {
      id: r.id,
      job_id: r.jobId,
      event_id: r.eventId,
      position: r.position,
      description: r.description,
      photo_ids: r.photoIds,
      released_at: r.releasedAt?.toISOString() ?? null,
      released_to: r.releasedTo,
      // Borrower PII, masked (DESIGN §2): the release is proven by who and when, not by showing the name.
      recipient_name: maskName(this.cipher.decryptNullable(r.recipientNameEnc)),
    };
  }
}

function presentEvidence(e: JobEvidence) {
  return {
    id: e.id,
    job_id: e.jobId,
    kind: e.kind,
    content_type: e.contentType,
    size_bytes: e.sizeBytes,
    sha256: e.sha256,
    filename: e.filename,
    uploaded_at: e.uploadedAt.toISOString(),
    event_id: e.eventId,
    download_path: `/v1/jobs/${e.jobId}/evidence/${e.id}`,
  };
}
