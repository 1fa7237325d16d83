import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Case } from '../cases/case.entity';
import { VehicleFieldService } from './vehicle-field.service';
import { Vehicle } from './vehicle.entity';
import { VehiclesController } from './vehicles.controller';
import { VehiclesService } from './vehicles.service';

@Module({
  imports: [TypeOrmModule.forFeature([Vehicle, Case])],
  controllers: [VehiclesController],
  providers: [VehiclesService, VehicleFieldService],
  exports: [VehiclesService, VehicleFieldService],
})
export class VehiclesModule {}
