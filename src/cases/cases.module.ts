import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Vehicle } from '../vehicles/vehicle.entity';
import { BulkBodyLimit } from './bulk-body-limit';
import { CaseContact } from './case-contact.entity';
import { CaseHolds } from './case-holds';
import { CaseWorkService } from './case-work.service';
import { Case } from './case.entity';
import { CasesController, ImportsController } from './cases.controller';
import { CasesService } from './cases.service';
import { PlacementImport } from './placement-import.entity';
import { PlacementImportJob } from './placement-import.job';
import { PlacementImportService } from './placement-import.service';
import { PlacementWriter } from './placement-writer';

@Module({
  imports: [TypeOrmModule.forFeature([Case, CaseContact, PlacementImport, Vehicle])],
  controllers: [CasesController, ImportsController],
  providers: [CasesService, CaseWorkService, CaseHolds, PlacementImportService, PlacementWriter, PlacementImportJob, BulkBodyLimit],
  exports: [CasesService, PlacementImportService, CaseWorkService, CaseHolds],
})
export class CasesModule {}
