import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnersModule } from '../../partners/partners.module';
import { CasesModule } from '../../cases/cases.module';
import { Job } from '../job.entity';
import { JobDutiesController, RepossessionDutiesAdminController } from './duties.controller';
import { JobDuty } from './job-duty.entity';
import { JobDutyDeadlineJob } from './job-duty-deadline.job';
import { RepossessionDutiesService } from './repossession-duties.service';
import { RepossessionDutyRow, RepossessionJurisdictionRow } from './repossession-duty.entity';

/**
 * Repossession duties per jurisdiction (DESIGN §6): the platform's table, the deadlines a
 * recovery starts, their breach. The jobs module calls `RepossessionDutiesService` inside the
 * progress event's transaction.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Job, JobDuty, RepossessionJurisdictionRow, RepossessionDutyRow]), CasesModule, PartnersModule],
  controllers: [RepossessionDutiesAdminController, JobDutiesController],
  providers: [RepossessionDutiesService, JobDutyDeadlineJob],
  exports: [RepossessionDutiesService],
})
export class RepossessionDutiesModule {}
