import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TypeORM keeps the expressions of generated columns in `typeorm_metadata` (and may create the
 * table itself); without it `npm run migration:generate` cannot read a schema that has one
 * (cases.total_due). The table is TypeORM's, so `down` only removes our row.
 */
export class TypeormMetadata1763900500000 implements MigrationInterface {
  name = 'TypeormMetadata1763900500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS typeorm_metadata (
      type varchar NOT NULL, database varchar, schema varchar, "table" varchar, name varchar, value text
    )`);
    await q.query(
      `INSERT INTO typeorm_metadata (type, database, schema, "table", name, value)
       SELECT 'GENERATED_COLUMN', current_database(), 'public', 'cases', 'total_due', 'principal + interest + fees'
       WHERE NOT EXISTS (SELECT 1 FROM typeorm_metadata WHERE type = 'GENERATED_COLUMN' AND "table" = 'cases' AND name = 'total_due')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM typeorm_metadata WHERE type = 'GENERATED_COLUMN' AND "table" = 'cases' AND name = 'total_due'`);
  }
}
