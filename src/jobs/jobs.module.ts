import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { ComplianceModule } from '../compliance/compliance.module';
import { VehiclesModule } from '../vehicles/vehicles.module';
import { AuthorisationModule } from './authorisation/authorisation.module';
import { RepossessionDutiesModule } from './duties/duties.module';
import { EvidenceModule } from './evidence/evidence.module';
import { Job } from './job.entity';
import { JobCommissions } from './job-commissions.service';
import { JobSaleRecords } from './job-sale-records.service';
import { JobAcceptDeadlineJob } from './job-accept-deadline.job';
import { JobEvent } from './job-event.entity';
import { JobLifecycleService } from './job-lifecycle.service';
import { JobOffers } from './job-offers.service';
import { HoldEscalationDeadlineJob, HoldEscalations } from './job-hold-escalation.job';
import { JobProgressService } from './job-progress.service';
import { JobPromises, PromiseDeadlineJob } from './job-promises.service';
import { PromiseToPay } from './promise-to-pay.entity';
import { JobSlaBreach } from './job-sla-breach.entity';
import { JobSlaClocks } from './job-sla-clocks.service';
import { JobSlaBreaches, JobSlaDeadlineJob } from './job-sla-deadline.job';
import { JobWorkService } from './job-work.service';
import { CaseTimelineController } from './case-timeline.controller';
import { CaseTimelineService } from './case-timeline.service';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';
import { PartnerSuspensionSubscriber } from './partner-suspension.subscriber';
import { RecoveryReports } from './recovery-reports.service';

/**
 * Jobs (DESIGN §6): offers, accept / decline and the accept-deadline timer; then the work — the
 * lifecycle after accept, typed progress, holds from the cases, the partner's read of its work.
 * The marketplace creates offers through `JobOffers` and registers what happens when one ends
 * untaken; cases and vehicles move through their own services in the job's transaction.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Job, JobEvent, JobSlaBreach, PromiseToPay]), AuthModule, CasesModule, VehiclesModule, ComplianceModule, RepossessionDutiesModule, AuthorisationModule, EvidenceModule],
  controllers: [JobsController, CaseTimelineController],
  providers: [
    JobOffers,
    JobsService,
    JobLifecycleService,
    JobProgressService,
    JobWorkService,
    JobSlaClocks,
    JobSlaBreaches,
    JobAcceptDeadlineJob,
    JobSlaDeadlineJob,
    HoldEscalations,
    HoldEscalationDeadlineJob,
    JobPromises,
    PromiseDeadlineJob,
    CaseTimelineService,
    PartnerSuspensionSubscriber,
    JobCommissions,
    JobSaleRecords,
    RecoveryReports,
  ],
  exports: [JobOffers, JobCommissions, JobsService, JobSaleRecords, RecoveryReports],
})
export class JobsModule {}
