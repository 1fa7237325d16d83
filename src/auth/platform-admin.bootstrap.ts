import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../common/clock/clock';
import { hashPassword } from './password';

/**
 * The platform org and its first admin come from PLATFORM_ADMIN_EMAIL / PLATFORM_ADMIN_PASSWORD.
 * Safe to run from several processes at once: both inserts are conflict-free upserts, and an
 * existing admin's password is never overwritten.
 */
@Injectable()
export class PlatformAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('PlatformAdminBootstrap');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.platformAdmin;
    if (!admin) return;
    const passwordHash = await hashPassword(admin.password);
    await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      await manager.query(
        `INSERT INTO orgs (name, kind, region, created_at) VALUES ('Reclaim platform', 'platform', 'US', $1) ON CONFLICT DO NOTHING`,
        [now],
      );
      const [platform] = await manager.query(`SELECT id FROM orgs WHERE kind = 'platform'`);
      const inserted: unknown[] = await manager.query(
        `INSERT INTO users (org_id, email, name, role, password_hash, status, created_at) VALUES ($1, $2, $3, 'admin', $4, 'active', $5)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [platform.id, admin.email, admin.name, passwordHash, now],
      );
      if (inserted.length > 0) this.logger.log({ email: admin.email }, 'platform admin created');
    });
  }
}
