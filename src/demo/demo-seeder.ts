import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { REGISTRABLE_ORG_KINDS } from '../common/tenancy/principal';

export const DEMO_PASSWORD = 'reclaim-demo-2026';

export const DEMO_ACCOUNTS: readonly { kind: (typeof REGISTRABLE_ORG_KINDS)[number]; org: string; region: string; email: string; name: string }[] = [
  { kind: 'lender', org: 'Lone Star Auto Credit', region: 'US-TX', email: 'lender@demo.reclaim.dev', name: 'Dana Ortiz' },
  { kind: 'agency', org: 'Gulf Coast Recovery Agency', region: 'US-TX', email: 'agency@demo.reclaim.dev', name: 'Marcus Lee' },
  { kind: 'tow_operator', org: 'Hill Country Towing', region: 'US-TX', email: 'tow@demo.reclaim.dev', name: 'Ray Castillo' },
  { kind: 'buyer', org: 'Interstate Auto Wholesale', region: 'US-OK', email: 'buyer@demo.reclaim.dev', name: 'Priya Shah' },
];

/** Demo organisations for local development, created once (idempotent by e-mail). */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('DemoSeeder');

  constructor(
    private readonly auth: AuthService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async seed(): Promise<void> {
    for (const account of DEMO_ACCOUNTS) {
      const [existing] = await this.dataSource.query('SELECT 1 FROM users WHERE email = $1', [account.email]);
      if (existing) continue;
      await this.auth.register({
        org: { name: account.org, kind: account.kind, region: account.region },
        user: { email: account.email, password: DEMO_PASSWORD, name: account.name },
      });
    }
    this.logger.log({ accounts: DEMO_ACCOUNTS.map((a) => `${a.kind}: ${a.email}`), password: DEMO_PASSWORD }, 'demo data ready');
  }
}
