import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { VehiclesModule } from '../vehicles/vehicles.module';
import { Job } from './job.entity';
import { JobAcceptDeadlineJob } from './job-accept-deadline.job';
import { JobEvent } from './job-event.entity';
import { JobLifecycleService } from './job-lifecycle.service';
import { JobOffers } from './job-offers.service';
import { JobProgressService } from './job-progress.service';
import { JobWorkService } from './job-work.service';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';
import { PartnerSuspensionSubscriber } from './partner-suspension.subscriber';

/**
 * Jobs (DESIGN §6): offers, accept / decline and the accept-deadline timer; then the work — the
 * lifecycle after accept, typed progress, holds from the cases, the partner's read of its work.
 * The marketplace creates offers through `JobOffers` and registers what happens when one ends
 * untaken; cases and vehicles move through their own services in the job's transaction.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Job, JobEvent]), AuthModule, CasesModule, VehiclesModule],
  controllers: [JobsController],
  providers: [JobOffers, JobsService, JobLifecycleService, JobProgressService, JobWorkService, JobAcceptDeadlineJob, PartnerSuspensionSubscriber],
  exports: [JobOffers],
})
export class JobsModule {}
