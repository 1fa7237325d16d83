import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Job } from '../job.entity';
import { EvidenceController } from './evidence.controller';
import { JobEvidence, PersonalEffect } from './evidence.entity';
import { EvidenceService } from './evidence.service';

/** Photos from the field and the personal-property inventory (issue 12); the jobs module attaches them to progress events. */
@Module({
  imports: [TypeOrmModule.forFeature([Job, JobEvidence, PersonalEffect])],
  controllers: [EvidenceController],
  providers: [EvidenceService],
  exports: [EvidenceService],
})
export class EvidenceModule {}
