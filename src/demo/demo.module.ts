import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { HealthModule } from '../health/health.module';
import { DemoSeeder } from './demo-seeder';

@Module({ imports: [AuthModule, CasesModule, HealthModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class DemoModule {}
