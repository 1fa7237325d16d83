import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { JobsModule } from '../jobs/jobs.module';
import { Complaint, ComplaintReviewPolicyRow, ComplaintTransition, SuspensionReview } from './complaint.entity';
import { ComplaintsController, SuspensionReviewsController } from './complaints.controller';
import { ComplaintsService } from './complaints.service';

/**
 * Complaints (DESIGN §6, issue 13). A module of its own: it reads jobs to find a complaint's
 * partner, while jobs call compliance for every contact attempt, so compliance cannot import jobs.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Complaint, ComplaintTransition, ComplaintReviewPolicyRow, SuspensionReview]), JobsModule, AuthModule],
  controllers: [ComplaintsController, SuspensionReviewsController],
  providers: [ComplaintsService],
})
export class ComplaintsModule {}
