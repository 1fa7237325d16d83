import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { VehiclesModule } from '../vehicles/vehicles.module';
import { JobEvent } from './job-event.entity';
import { JobLifecycleService } from './job-lifecycle.service';
import { JobProgressService } from './job-progress.service';
import { JobWorkService } from './job-work.service';
import { Job } from './job.entity';
import { JobAcceptDeadlineJob } from './job-accept-deadline.job';
import { PartnerSuspensionSubscriber } from './partner-suspension.subscriber';
import { JobOffers } from './job-offers.service';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';

/**
 * Jobs (DESIGN §6): offers, accept / decline, the accept-deadline timer; then the field work —
 * lifecycle, holds, typed progress, the partner's access to its work. The marketplace creates
 * offers through `JobOffers` and registers what happens when one ends untaken; the cases module
 * calls the holds handler this module registers (`CaseHolds`).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Job, JobEvent]), CasesModule, VehiclesModule],
  controllers: [JobsController],
  providers: [JobOffers, JobsService, JobLifecycleService, JobProgressService, JobWorkService, JobAcceptDeadlineJob, PartnerSuspensionSubscriber],
  exports: [JobOffers],
})
export class JobsModule {}
