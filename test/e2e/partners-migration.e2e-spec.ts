import { PartnerNetwork1763900100000 } from '../../migrations/1763900100000-partner-network';
import { createTestApp, TestApp } from '../support/test-app';

const TABLES = ['credential_expiry_warnings', 'credential_requirements', 'partner_credentials', 'partner_profiles', 'partner_vetting_history', 'storage_yards'];

describe('partners migration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const tables = async () =>
    ((await t.db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ANY($1) ORDER BY 1`, [TABLES])) as { table_name: string }[]).map(
      (r) => r.table_name,
    );

  it('goes down cleanly and up again with the seeded requirements', async () => {
    const migration = new PartnerNetwork1763900100000();
    const runner = t.db.createQueryRunner();
    try {
      expect(await tables()).toEqual(TABLES);
      await migration.down(runner);
      expect(await tables()).toEqual([]);
      await migration.up(runner);
      expect(await tables()).toEqual(TABLES);
    } finally {
      await runner.release();
    }
    const [row] = await t.db.query(`SELECT min_coverage_amount, min_coverage_currency FROM credential_requirements WHERE capability = 'repossession' AND region = 'US-CA' AND credential_type = 'on_hook'`);
    expect(row).toEqual({ min_coverage_amount: '10000000', min_coverage_currency: 'USD' });
  });
});
