import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../../auth/auth.module';
import { CasesModule } from '../../cases/cases.module';
import { VehiclesModule } from '../../vehicles/vehicles.module';
import { Job } from '../job.entity';
import { AuthorisationsController, VerifyController } from './authorisation.controller';
import { AuthorisationService } from './authorisation.service';
import { JobAuthorisation } from './job-authorisation.entity';

/** Letters of authorisation for the field and their public check (issue 12). */
@Module({
  imports: [TypeOrmModule.forFeature([Job, JobAuthorisation]), AuthModule, CasesModule, VehiclesModule],
  controllers: [AuthorisationsController, VerifyController],
  providers: [AuthorisationService],
})
export class AuthorisationModule {}
