import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { CaseForWork, CaseWorkService } from '../cases/case-work.service';
import { AuditService } from '../common/audit/audit.service';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { JobStatus } from './domain/job-status';
import { presentVehicleForWork, VehicleFieldService } from '../vehicles/vehicle-field.service';
import { Job } from './job.entity';
import { JobErrors } from './jobs.errors';

/** DESIGN §2 "the partner currently assigned": a job gives access to its work only while it is running. */
const WORKING: readonly JobStatus[] = ['accepted', 'in_progress', 'on_hold'];

/**
 * The work a partner was hired for, read through its job (DESIGN §2, §6): an agency gets the
 * borrower's contacts in full, a tow operator the vehicle and the addresses to look at; neither
 * the national id. Every read is an unmasked PII read and goes into the audit log.
 */
@Injectable()
export class JobWorkService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly caseWork: CaseWorkService,
    private readonly vehicles: VehicleFieldService,
    private readonly audit: AuditService,
  ) {}

  /** The work of a running job for its partner; null for the lender or a job that is not running (the lender reads its cases directly). */
  async workOf(principal: Principal, job: Job, request?: FastifyRequest, caseId?: string): Promise<JobWork | null> {
    if (principal.orgKind === 'lender' || principal.orgKind === 'platform' || job.partnerOrgId !== principal.orgId || !WORKING.includes(job.status)) return null;
    const ids = caseId ? job.caseIds.filter((c) => c === caseId) : job.caseIds;
    const cases = await this.caseWork.casesForWork(this.dataSource.manager, job.lenderOrgId, ids);
    const vehicle = job.vehicleId ? await this.vehicles.forWork(this.dataSource.manager, job.lenderOrgId, job.vehicleId) : null;
    const field = principal.orgKind === 'tow_operator';
    const shown = field ? ['borrower.name', 'borrower.address', 'contacts.address'] : ['borrower.name', 'borrower.phone', 'borrower.email', 'borrower.address', 'contacts'];
    for (const c of cases) {
      await this.audit.record({ action: 'case.pii_revealed', principal, entityType: 'case', entityId: c.id, changes: { fields: shown, via_job_id: job.id }, outcomeStatus: 200, request });
    }
    return { cases: cases.map((c) => presentCaseForWork(c, field)), vehicle: vehicle ? presentVehicleForWork(vehicle) : null };
  }

  /** `GET /v1/jobs/{id}/cases/{caseId}`: one case of a running job, 404 once the job ends or for anyone else. */
  async caseOf(principal: Principal, jobId: string, caseId: string, request?: FastifyRequest): Promise<WorkCase> {
    if (!isUuid(jobId)) throw JobErrors.notFound();
    const job = await this.dataSource.getRepository(Job).findOneBy({ id: jobId, partnerOrgId: principal.orgId });
    if (!job || !WORKING.includes(job.status)) throw JobErrors.notFound();
    if (!job.caseIds.includes(caseId)) throw JobErrors.caseNotFound();
    const work = await this.workOf(principal, job, request, caseId);
    const found = work?.cases[0];
    if (!found) throw JobErrors.caseNotFound();
    return { ...found, vehicle: work.vehicle };
  }
}

function presentCaseForWork(c: CaseForWork, field: boolean) {
  const b = c.borrower;
  const contacts = c.contacts.filter((k) => !field || k.kind === 'address');
  return {
    id: c.id,
    external_ref: c.externalRef,
    status: c.status,
    flags: [...c.flags],
    product: c.product,
    balance: c.balance,
    days_past_due: c.daysPastDue,
    // DESIGN §2: the national id never leaves the lender; the tow operator needs no phone or e-mail.
    borrower: { name: b.name, phone: field ? null : b.phone, email: field ? null : b.email, address: b.address, timezone: b.timezone, region: b.region, preferred_language: b.preferred_language },
    contacts,
  };
}

export type WorkCase = ReturnType<typeof presentCaseForWork> & { vehicle: ReturnType<typeof presentVehicleForWork> | null };
export interface JobWork {
  readonly cases: ReturnType<typeof presentCaseForWork>[];
  readonly vehicle: ReturnType<typeof presentVehicleForWork> | null;
}
