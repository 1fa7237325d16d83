import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { DemoSeeder } from './demo-seeder';

@Module({ imports: [AuthModule, CasesModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class DemoModule {}
