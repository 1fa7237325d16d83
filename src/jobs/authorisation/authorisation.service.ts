import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { OrgNamesService } from '../../auth/org-names.service';
import { CaseLifecycleService } from '../../cases/case-lifecycle.service';
import { AuditService } from '../../common/audit/audit.service';
import { Clock } from '../../common/clock/clock';
import { PiiCipher } from '../../common/pii/pii-cipher';
import { Principal } from '../../common/tenancy/principal';
import { isUuid } from '../../common/tenancy/tenancy';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { VehiclesService } from '../../vehicles/vehicles.service';
import { Job } from '../job.entity';
import { JobErrors } from '../jobs.errors';
import { AuthorisationErrors } from './authorisation.errors';
import { formatCode, LETTER_VALIDITY_DAYS, LetterLanguage, letterValidity, mayIssueLetter, normaliseCode, renderLetter } from './domain/authorisation';
import { JobAuthorisation } from './job-authorisation.entity';

const DAY_MS = 86_400_000;
const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/**
 * Letters of authorisation for the field (issue 12; the seeds' 委托书): issued by the job's lender
 * or partner while the work is on, printable in en and zh-CN, checked by anyone with the code.
 * The code is a keyed digest of the letter's id (80 bits, unguessable without the server's key),
 * so a letter can be printed again; only its hash is stored, and a check looks the hash up.
 */
@Injectable()
export class AuthorisationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cipher: PiiCipher,
    private readonly orgNames: OrgNamesService,
    private readonly cases: CaseLifecycleService,
    private readonly vehicles: VehiclesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async issue(principal: Principal, jobId: string, language: LetterLanguage) {
    return this.dataSource.transaction(async (m) => {
      // Read-locked: a hold or recall committing meanwhile waits, so no letter is issued for a job just stopped.
      const job = await this.visibleJob(m, principal, jobId, true);
      if (!mayIssueLetter(job.status)) throw AuthorisationErrors.jobNotActive(job.status);
      const now = this.clock.now();
      const id = randomUUID();
      const code = this.codeOf(id);
      const row = m.create(JobAuthorisation, {
        id,
        jobId: job.id,
        codeHash: sha256(code),
        language,
        issuedByOrgId: principal.orgId,
        issuedByUserId: principal.userId,
        issuedAt: now,
        validUntil: new Date(now.getTime() + LETTER_VALIDITY_DAYS * DAY_MS),
      });
      await m.insert(JobAuthorisation, row);
      await this.audit.record({ action: 'authorisation.issue', principal, entityType: 'job', entityId: job.id, changes: { authorisation_id: id, language, valid_until: row.validUntil.toISOString() } }, m);
      return this.present(row, code);
    });
  }

  /** The printable letter, for the job's lender and partner (a letter of another job is 404). */
  async letter(principal: Principal, jobId: string, authorisationId: string, language?: LetterLanguage): Promise<string> {
    const job = await this.visibleJob(this.dataSource.manager, principal, jobId, false);
    if (!isUuid(authorisationId)) throw AuthorisationErrors.notFound();
    const row = await this.dataSource.getRepository(JobAuthorisation).findOneBy({ id: authorisationId, jobId: job.id });
    if (!row) throw AuthorisationErrors.notFound();
    const m = this.dataSource.manager;
    const [cases, vehicles, lenderName, partnerName] = await Promise.all([
      this.cases.loadForMarketplace(m, job.lenderOrgId, job.caseIds),
      this.vehicles.collateralOf(job.caseIds),
      this.orgNames.nameOf(m, job.lenderOrgId),
      this.orgNames.nameOf(m, job.partnerOrgId),
    ]);
    const vehicle = job.vehicleId ? (vehicles.find((v) => v.id === job.vehicleId) ?? null) : null;
    const code = this.codeOf(row.id);
    return renderLetter({
      language: language ?? row.language,
      lenderName,
      partnerName,
      kind: job.kind,
      jobId: job.id,
      jobTitle: job.title,
      caseReferences: cases.map((c) => c.externalRef),
      vehicle: vehicle ? { vin: vehicle.vin, year: vehicle.year, make: vehicle.make, model: vehicle.model } : null,
      issuedAt: row.issuedAt,
      validUntil: row.validUntil,
      code,
      verifyUrl: this.verifyUrlOf(code),
    });
  }

  /**
   * Public: whether the letter authorises its bearer now, and whom for whom. The job is read on
   * every check (no cache), so a hold, recall or end voids the letter the moment it happens.
   */
  async verify(input: string) {
    const code = normaliseCode(input);
    if (!code) throw AuthorisationErrors.notFound();
    const row = await this.dataSource.getRepository(JobAuthorisation).findOneBy({ codeHash: sha256(code) });
    if (!row) throw AuthorisationErrors.notFound();
    const job = await this.dataSource.getRepository(Job).findOneByOrFail({ id: row.jobId });
    const now = this.clock.now();
    const validity = letterValidity(job.status, row.validUntil, now);
    const m = this.dataSource.manager;
    return {
      ...validity,
      checked_at: now.toISOString(),
      partner_name: await this.orgNames.nameOf(m, job.partnerOrgId),
      lender_name: await this.orgNames.nameOf(m, job.lenderOrgId),
      work: job.kind,
      valid_until: row.validUntil.toISOString(),
    };
  }

  private async visibleJob(manager: EntityManager, principal: Principal, id: string, lock: boolean): Promise<Job> {
    if (!isUuid(id)) throw JobErrors.notFound();
    const side = principal.orgKind === 'lender' ? 'j.lenderOrgId' : 'j.partnerOrgId';
    const qb = manager.getRepository(Job).createQueryBuilder('j').where(`j.id = :id AND ${side} = :orgId`, { id, orgId: principal.orgId });
    if (lock) qb.setLock('pessimistic_read');
    const job = await qb.getOne();
    if (!job) throw JobErrors.notFound();
    return job;
  }

  private codeOf(authorisationId: string): string {
    return formatCode(Buffer.from(this.cipher.blindIndex('authorisation_code', authorisationId), 'hex'));
  }

  private verifyUrlOf(code: string): string {
    return `${this.config.publicBaseUrl.replace(/\/+$/, '')}/v1/verify/${code}`;
  }

  private present(row: JobAuthorisation, code: string) {
    return {
      id: row.id,
      job_id: row.jobId,
      language: row.language,
      verification_code: code,
      verify_url: this.verifyUrlOf(code),
      letter_path: `/v1/jobs/${row.jobId}/authorisations/${row.id}/letter`,
      issued_at: row.issuedAt.toISOString(),
      valid_until: row.validUntil.toISOString(),
    };
  }
}
