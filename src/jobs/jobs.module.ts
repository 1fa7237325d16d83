import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { AuthorisationModule } from './authorisation/authorisation.module';
import { RepossessionDutiesModule } from './duties/duties.module';
import { Job } from './job.entity';
import { JobAcceptDeadlineJob } from './job-accept-deadline.job';
import { PartnerSuspensionSubscriber } from './partner-suspension.subscriber';
import { JobOffers } from './job-offers.service';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';

/**
 * Jobs (DESIGN §6), first part: offers, accept / decline, the accept-deadline timer. The
 * marketplace creates offers through `JobOffers` and registers what happens when one ends untaken.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Job]), AuthModule, RepossessionDutiesModule, AuthorisationModule],
  controllers: [JobsController],
  providers: [JobOffers, JobsService, JobAcceptDeadlineJob, PartnerSuspensionSubscriber],
  exports: [JobOffers],
})
export class JobsModule {}
