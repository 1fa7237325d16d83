import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Case } from '../cases/case.entity';
import { Vehicle } from './vehicle.entity';
import { VehiclesController } from './vehicles.controller';
import { VehiclesService } from './vehicles.service';
import { VehicleBulkWriter } from './vehicle-bulk-writer';

@Module({
  imports: [TypeOrmModule.forFeature([Vehicle, Case])],
  controllers: [VehiclesController],
  providers: [VehiclesService, VehicleBulkWriter],
  exports: [VehiclesService, VehicleBulkWriter],
})
export class VehiclesModule {}
