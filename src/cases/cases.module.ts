import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Vehicle } from '../vehicles/vehicle.entity';
import { VehiclesModule } from '../vehicles/vehicles.module';
import { BulkBodyLimit } from './bulk-body-limit';
import { Case } from './case.entity';
import { CasesController, ImportsController } from './cases.controller';
import { CasesService } from './cases.service';
import { PlacementImport } from './placement-import.entity';
import { PlacementImportJob, PlacementRequeueJob } from './placement-import.job';
import { PlacementImportService } from './placement-import.service';
import { PlacementImportStore } from './placement-import-store';
import { PlacementWriter } from './placement-writer';

@Module({
  imports: [TypeOrmModule.forFeature([Case, PlacementImport, Vehicle]), VehiclesModule],
  controllers: [CasesController, ImportsController],
  providers: [CasesService, PlacementImportService, PlacementImportStore, PlacementWriter, PlacementImportJob, PlacementRequeueJob, BulkBodyLimit],
  exports: [CasesService, PlacementImportService],
})
export class CasesModule {}
