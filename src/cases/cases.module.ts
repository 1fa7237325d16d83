import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { VehiclesModule } from '../vehicles/vehicles.module';
import { BulkBodyLimit } from './bulk-body-limit';
import { Case } from './case.entity';
import { CaseCollateralService } from './case-collateral.service';
import { CaseContact } from './case-contact.entity';
import { CaseContactContextService } from './case-contact-context.service';
import { CaseExportService } from './case-export.service';
import { CaseFlagsService } from './case-flags.service';
import { CaseHolds } from './case-holds.service';
import { CaseLifecycleService } from './case-lifecycle.service';
import { CaseQueriesService } from './case-queries.service';
import { CasePlacements } from './case-placements.service';
import { CaseWorkService } from './case-work.service';
import { CasesController, ImportsController } from './cases.controller';
import { CasesService } from './cases.service';
import { PlacementImport } from './placement-import.entity';
import { PlacementImportJob } from './placement-import.job';
import { PlacementImportService } from './placement-import.service';
import { PlacementImportStore } from './placement-import-store';
import { PlacementPreparer } from './placement-preparer';
import { PlacementWriter } from './placement-writer';

/**
 * Cases and placement (DESIGN §4). Cases and vehicles call each other's services inside one
 * transaction (a case placed with its collateral; a vehicle linked to a case), hence the
 * forward reference.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Case, CaseContact, PlacementImport]), forwardRef(() => VehiclesModule)],
  controllers: [CasesController, ImportsController],
  providers: [
    CasesService,
    CaseQueriesService,
    CaseLifecycleService,
    CaseFlagsService,
    CaseExportService,
    CaseCollateralService,
    CaseWorkService,
    CaseHolds,
    CaseContactContextService,
    CasePlacements,
    PlacementImportService,
    PlacementImportStore,
    PlacementPreparer,
    PlacementWriter,
    PlacementImportJob,
    BulkBodyLimit,
  ],
  exports: [CasesService, CaseLifecycleService, CaseCollateralService, CaseWorkService, CaseHolds, PlacementImportService, CaseContactContextService, CasePlacements],
})
export class CasesModule {}
