import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PassThrough, Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { csvWriter } from '../common/csv/csv-writer';
import { OutboxService } from '../common/outbox/outbox.service';
import { PlacementImport } from './placement-import.entity';
import { ERRORS_SHOWN, RowError } from './placement-import.presenter';
import { BatchOutcome } from './placement-writer';

const ERRORS_PAGE = 5000;

/** What an import records besides the cases: its rejected rows, its progress, its `case.placed` event. */
@Injectable()
export class PlacementImportStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async insertErrors(manager: EntityManager, importId: string, errors: readonly RowError[]): Promise<void> {
    for (let start = 0; start < errors.length; start += ERRORS_PAGE) {
      const chunk = errors.slice(start, start + ERRORS_PAGE);
      const seq = new Map<number, number>();
      await manager.query(
        `INSERT INTO placement_import_errors (import_id, row_number, seq, external_ref, field, message)
         SELECT $1::uuid, r.row_number, r.seq, r.external_ref, r.field, r.message
         FROM unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::text[]) AS r(row_number, seq, external_ref, field, message)
         ON CONFLICT DO NOTHING`,
        [
          importId,
          chunk.map((e) => e.row),
          chunk.map((e) => {
            const n = (seq.get(e.row) ?? 0) + 1;
            seq.set(e.row, n);
            return n;
          }),
          chunk.map((e) => e.external_ref),
          chunk.map((e) => e.field),
          chunk.map((e) => e.message),
        ],
      );
    }
  }

  /** Adds a batch to the import's counts and moves its resume point, in the batch's transaction. */
  async addProgress(manager: EntityManager, importId: string, lastRow: number, outcome: BatchOutcome, rejected: number): Promise<void> {
    await manager.query(
      `UPDATE placement_imports SET processed_rows = $2, created_count = created_count + $3, updated_count = updated_count + $4,
         unchanged_count = unchanged_count + $5, rejected_count = rejected_count + $6, vehicles_created = vehicles_created + $7, vehicles_updated = vehicles_updated + $8
       WHERE id = $1`,
      [importId, lastRow, outcome.created, outcome.updated, outcome.unchanged, rejected, outcome.vehiclesCreated, outcome.vehiclesUpdated],
    );
  }

  /** One `case.placed` per import (DESIGN §2 events): consumers load what changed by import id. */
  async recordPlaced(manager: EntityManager, imp: PlacementImport): Promise<void> {
    if (imp.createdCount + imp.updatedCount === 0) return;
    await this.outbox.record(manager, {
      type: 'case.placed',
      aggregateType: 'placement_import',
      aggregateId: imp.id,
      orgIds: [imp.orgId],
      payload: {
        import_id: imp.id,
        created: imp.createdCount,
        updated: imp.updatedCount,
        unchanged: imp.unchangedCount,
        rejected: imp.rejectedCount,
        vehicles_created: imp.vehiclesCreated,
        vehicles_updated: imp.vehiclesUpdated,
      },
    });
  }

  /** The first rejected rows, shown in the import's answer. */
  async firstErrors(importId: string): Promise<RowError[]> {
    const errors: { row_number: number; external_ref: string | null; field: string; message: string }[] = await this.dataSource.query(
      `SELECT row_number, external_ref, field, message FROM placement_import_errors WHERE import_id = $1 ORDER BY row_number, seq LIMIT $2`,
      [importId, ERRORS_SHOWN],
    );
    return errors.map((e) => ({ row: e.row_number, external_ref: e.external_ref, field: e.field, message: e.message }));
  }

  /** Every rejected row as CSV (row, external_ref, field, message), read from the database page by page. */
  errorsCsv(importId: string): Readable {
    const out = csvWriter(['row', 'external_ref', 'field', 'message']);
    const stream = new PassThrough();
    out.pipe(stream);
    void (async () => {
      let after = [0, 0];
      for (;;) {
        const page: { row_number: number; seq: number; external_ref: string | null; field: string; message: string }[] = await this.dataSource.query(
          `SELECT row_number, seq, external_ref, field, message FROM placement_import_errors
           WHERE import_id = $1 AND (row_number, seq) > ($2, $3) ORDER BY row_number, seq LIMIT $4`,
          [importId, after[0], after[1], ERRORS_PAGE],
        );
        for (const e of page) {
          if (!out.write([e.row_number, e.external_ref ?? '', e.field, e.message])) await new Promise((resolve) => out.once('drain', resolve));
        }
        if (page.length < ERRORS_PAGE) break;
        const last = page[page.length - 1];
        after = [last.row_number, last.seq];
      }
      out.end();
    })().catch((err: Error) => stream.destroy(err));
    return stream;
  }
}
