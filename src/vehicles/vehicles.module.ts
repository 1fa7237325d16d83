import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { Vehicle } from './vehicle.entity';
import { VehicleFieldService } from './vehicle-field.service';
import { VehiclesController } from './vehicles.controller';
import { VehiclesService } from './vehicles.service';
import { VehicleBulkWriter } from './vehicle-bulk-writer.service';

/** Vehicles (DESIGN §4): the one writer of vehicle rows; cases are reached through `CaseCollateralService`. */
@Module({
  imports: [TypeOrmModule.forFeature([Vehicle]), forwardRef(() => CasesModule)],
  controllers: [VehiclesController],
  providers: [VehiclesService, VehicleFieldService, VehicleBulkWriter],
  exports: [VehiclesService, VehicleFieldService, VehicleBulkWriter],
})
export class VehiclesModule {}
