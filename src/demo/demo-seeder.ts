import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { CasesService } from '../cases/cases.service';
import { addDays } from '../common/calendar/calendar-date';
import { Clock } from '../common/clock/clock';
import { REGISTRABLE_ORG_KINDS } from '../common/tenancy/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { StartupState } from '../health/startup-state.service';

export const DEMO_PASSWORD = 'reclaim-demo-2026';

export const DEMO_ACCOUNTS: readonly { kind: (typeof REGISTRABLE_ORG_KINDS)[number]; org: string; region: string; email: string; name: string }[] = [
  { kind: 'lender', org: 'Lone Star Auto Credit', region: 'US-TX', email: 'lender@demo.reclaim.dev', name: 'Dana Ortiz' },
  { kind: 'agency', org: 'Gulf Coast Recovery Agency', region: 'US-TX', email: 'agency@demo.reclaim.dev', name: 'Marcus Lee' },
  { kind: 'tow_operator', org: 'Hill Country Towing', region: 'US-TX', email: 'tow@demo.reclaim.dev', name: 'Ray Castillo' },
  { kind: 'buyer', org: 'Interstate Auto Wholesale', region: 'US-OK', email: 'buyer@demo.reclaim.dev', name: 'Priya Shah' },
];

const SEEDING = 'demo data';

/**
 * Demo organisations for local development, created once (idempotent by e-mail). With
 * SEED_DEMO_DATA on, the process is not ready until they are there.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('DemoSeeder');

  constructor(
    private readonly auth: AuthService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly clock: Clock,
    private readonly startup: StartupState,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    if (config.seedDemoData) startup.expect(SEEDING);
  }

  async seed(): Promise<void> {
    for (const account of DEMO_ACCOUNTS) {
      const [existing] = await this.dataSource.query('SELECT 1 FROM users WHERE email = $1', [account.email]);
      if (existing) continue;
      await this.auth.register({
        org: { name: account.org, kind: account.kind, region: account.region },
        user: { email: account.email, password: DEMO_PASSWORD, name: account.name },
      });
    }
    await this.seedCases();
    this.startup.finished(SEEDING);
    this.logger.log({ accounts: DEMO_ACCOUNTS.map((a) => `${a.kind}: ${a.email}`), demo_password: DEMO_PASSWORD }, 'demo data ready');
  }

  /** A small book for the demo lender, one case per bucket, some with a vehicle (idempotent by external_ref). */
  private async seedCases(): Promise<void> {
    const lender = DEMO_ACCOUNTS.find((a) => a.kind === 'lender')!;
    const [user] = await this.dataSource.query('SELECT id, org_id FROM users WHERE email = $1', [lender.email]);
    if (!user) return;
    const principal = { orgId: user.org_id as string, orgKind: 'lender' as const, role: 'owner' as const, userId: user.id as string, apiKeyId: null };
    const today = this.clock.today();
    for (const demo of demoCases(today)) {
      const [existing] = await this.dataSource.query('SELECT 1 FROM cases WHERE org_id = $1 AND external_ref = $2', [principal.orgId, demo.external_ref]);
      if (!existing) await this.cases.create(principal, demo);
    }
  }
}

function demoCases(today: string): Record<string, unknown>[] {
  const borrower = (name: string, phone: string, region = 'US-TX', timezone = 'America/Chicago') => ({ name, phone, email: `${name.split(' ')[0].toLowerCase()}@example.com`, timezone, region, preferred_language: 'en' });
  return [
    { external_ref: 'DEMO-1001', product: 'auto_loan', currency: 'USD', principal: 1_845_000, interest: 62_300, fees: 4_500, origination_date: '2022-04-12', first_missed_due_date: addDays(today, -12), borrower: { ...borrower('Maria Alvarez', '+15125550101'), address: { line1: '418 Oak Hollow Dr', city: 'Austin', postal_code: '78745' } }, vehicle: { vin: '1HGCM82633A004352', plate: 'LSX4821', plate_region: 'US-TX', make: 'Honda', model: 'Accord', year: 2019, mileage: 61_200, colour: 'grey', valuation_amount: 1_650_000, valuation_source: 'Manheim MMR', valuation_date: addDays(today, -5) } },
    { external_ref: 'DEMO-1002', product: 'auto_loan', currency: 'USD', principal: 2_410_000, interest: 91_000, fees: 7_500, origination_date: '2021-11-03', first_missed_due_date: addDays(today, -47), borrower: borrower('James Carter', '+12145550102'), vehicle: { vin: '1M8GDM9AXKP042788', plate: 'KTR9013', plate_region: 'US-TX', make: 'Ford', model: 'F-150', year: 2020, mileage: 88_400 } },
    { external_ref: 'DEMO-1003', product: 'auto_lease', currency: 'USD', principal: 1_120_000, interest: 30_000, origination_date: '2023-02-20', first_missed_due_date: addDays(today, -75), borrower: borrower('Priya Natarajan', '+17135550103') },
    { external_ref: 'DEMO-1004', product: 'personal_loan', currency: 'USD', principal: 540_000, interest: 41_000, fees: 2_500, origination_date: '2022-08-01', first_missed_due_date: addDays(today, -130), borrower: borrower('Tom Becker', '+14055550104', 'US-OK') },
    { external_ref: 'DEMO-1005', product: 'credit_card', currency: 'USD', principal: 310_000, interest: 22_000, origination_date: '2020-05-15', first_missed_due_date: addDays(today, -200), borrower: borrower('Linda Park', '+15125550105'), flags: ['bankruptcy'] },
  ];
}
