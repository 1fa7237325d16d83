import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { CsvError, parse } from 'csv-parse';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, EntityManager, LessThanOrEqual, Repository } from 'typeorm';
import { calendarDateOf } from '../common/calendar/calendar-date';
import { Clock } from '../common/clock/clock';
import { OutboxService } from '../common/outbox/outbox.service';
import { Deadlines } from '../common/queue/deadlines.service';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CaseErrors } from './cases.errors';
import {
  PlacementRow,
  PlacementRowResult,
  placementCsvHeaderErrors,
  validatePlacementCsvRecord,
  validatePlacementRow,
} from './domain/placement-row';
import { csvWriter } from '../common/csv/csv-writer';
import { PlacementImport } from './placement-import.entity';
import { ERRORS_SHOWN, presentImport } from './placement-import.presenter';
import { addOutcome, DuplicateScreen, emptyTally, refOf, RowError, Tally } from './placement-import-screen';
import { parseHeader, UploadProbe } from './placement-csv-reader';
import { PLACEMENT_IMPORT } from './placement-jobs';
import { PLACEMENT_BATCH_SIZE, PlacementWriter, PreparedCase } from './placement-writer';
import { multipartRefusal } from '../common/validation/multipart';

/** DESIGN §4 / issue 4: JSON is answered synchronously up to 10,000 rows; a CSV file runs as a job up to 100,000 rows / 50 MB. */
export const MAX_JSON_ROWS = 10_000;
export const MAX_CSV_ROWS = 100_000;
export const MAX_CSV_BYTES = 50 * 1024 * 1024;
/** Bulk placement (DESIGN §4): JSON synchronously, CSV files through a background job. */
@Injectable()
export class PlacementImportService {
  private readonly logger = new Logger('PlacementImport');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(PlacementImport) private readonly imports: Repository<PlacementImport>,
    private readonly writer: PlacementWriter,
    private readonly outbox: OutboxService,
    private readonly deadlines: Deadlines,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private newImport(principal: Principal, format: 'json' | 'csv', now: Date, extra: Partial<PlacementImport>): PlacementImport {
    return this.imports.create({
      id: randomUUID(),
      orgId: principal.orgId,
      format,
      status: 'queued',
      fileName: null,
      fileBytes: null,
      asOf: calendarDateOf(now),
      totalRows: null,
      processedRows: 0,
      createdCount: 0,
      updatedCount: 0,
      unchangedCount: 0,
      rejectedCount: 0,
      vehiclesCreated: 0,
      vehiclesUpdated: 0,
      failure: null,
      createdByUserId: principal.userId,
      createdByApiKeyId: principal.apiKeyId,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      ...extra,
    });
  }

  /** A JSON array, validated row by row and written in one transaction: good rows are stored, bad rows explained. */
  async placeJson(principal: Principal, body: unknown) {
    if (!Array.isArray(body) || body.length === 0) throw CaseErrors.emptyBulk();
    if (body.length > MAX_JSON_ROWS) throw CaseErrors.tooManyRows(MAX_JSON_ROWS);
    const now = this.clock.now();
    const imp = this.newImport(principal, 'json', now, { status: 'processing', startedAt: now, totalRows: body.length });
    const screen = new DuplicateScreen({ ref: 'external_ref', vin: 'vehicle.vin' });
    const prepared: PreparedCase[] = [];
    const errors: RowError[] = [];
    const tally = emptyTally();
    body.forEach((raw, i) => {
      const row = this.screenRow(validatePlacementRow(raw, { asOf: imp.asOf }), i + 1, refOf(raw, 'external_ref'), screen, errors);
      if (row) prepared.push(this.writer.prepare(row, i + 1));
      else tally.rejected++;
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(PlacementImport, imp);
      for (let i = 0; i < prepared.length; i += PLACEMENT_BATCH_SIZE) {
        addOutcome(tally, await this.writer.write(manager, principal.orgId, imp.id, now, prepared.slice(i, i + PLACEMENT_BATCH_SIZE)));
      }
      await this.insertErrors(manager, imp.id, errors);
      Object.assign(imp, this.countsOf(tally), { processedRows: body.length, status: 'completed', finishedAt: now });
      await manager.update(PlacementImport, { id: imp.id }, { ...this.countsOf(tally), processedRows: body.length, status: 'completed', finishedAt: now });
      await this.recordPlaced(manager, imp);
    });
    return presentImport(imp, errors);
  }

  private screenRow(result: PlacementRowResult, rowNumber: number, ref: string | null, screen: DuplicateScreen, errors: RowError[]): PlacementRow | null {
    const problems = result.ok ? screen.check(result.row) : result.errors;
    if (problems.length === 0 && result.ok) {
      screen.remember(result.row, rowNumber);
      return result.row;
    }
    for (const e of problems) errors.push({ row: rowNumber, external_ref: ref, field: e.field, message: e.message });
    return null;
  }

  private countsOf(tally: Tally): Partial<PlacementImport> {
    return {
      createdCount: tally.created,
      updatedCount: tally.updated,
      unchangedCount: tally.unchanged,
      rejectedCount: tally.rejected,
      vehiclesCreated: tally.vehiclesCreated,
      vehiclesUpdated: tally.vehiclesUpdated,
    };
  }

  private async insertErrors(manager: EntityManager, importId: string, errors: readonly RowError[]): Promise<void> {
    for (let start = 0; start < errors.length; start += 5000) {
      const chunk = errors.slice(start, start + 5000);
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

  /** One `case.placed` per import (DESIGN §2 events): consumers load what changed by import id. */
  private async recordPlaced(manager: EntityManager, imp: PlacementImport): Promise<void> {
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

  /** Streams an uploaded CSV to disk, checks its header and size, and queues the job that places it. */
  async acceptCsv(principal: Principal, request: FastifyRequest) {
    const file = await request.file({ limits: { fileSize: MAX_CSV_BYTES, files: 1 } }).catch((err: unknown) => {
      throw multipartRefusal(err);
    });
    if (!file) throw CaseErrors.emptyBulk();
    const mimetype = file.mimetype.toLowerCase();
    if (!/csv|text\/plain|octet-stream|ms-excel/.test(mimetype) && !file.filename.toLowerCase().endsWith('.csv')) {
      file.file.resume();
      throw CaseErrors.notCsv();
    }
    const now = this.clock.now();
    const id = randomUUID();
    const dir = join(this.config.dataDir, 'imports');
    await mkdir(dir, { recursive: true });
    const path = this.pathOf(id);
    const probe = new UploadProbe();
    try {
      await pipeline(file.file, probe, createWriteStream(path));
    } catch (err) {
      await rm(path, { force: true });
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw CaseErrors.fileTooLarge(MAX_CSV_BYTES);
      throw multipartRefusal(err);
    }
    const refuse = async (error: Error): Promise<never> => {
      await rm(path, { force: true });
      throw error;
    };
    if (file.file.truncated) await refuse(CaseErrors.fileTooLarge(MAX_CSV_BYTES));
    const header = parseHeader(probe.headerLine ?? '');
    const headerErrors = header ? placementCsvHeaderErrors(header) : [{ field: 'header', message: 'the first line must name the placement columns' }];
    if (headerErrors.length > 0) await refuse(CaseErrors.badCsvHeader(headerErrors));
    const rows = probe.estimatedRows();
    if (rows === 0) await refuse(CaseErrors.emptyBulk());
    if (rows > MAX_CSV_ROWS) await refuse(CaseErrors.tooManyRows(MAX_CSV_ROWS));

    const imp = this.newImport(principal, 'csv', now, { id, fileName: file.filename.slice(0, 255), fileBytes: probe.bytes, totalRows: rows });
    await this.imports.insert(imp);
    await this.deadlines.enqueue(PLACEMENT_IMPORT, [{ payload: { importId: imp.id } }]);
    return presentImport(imp, []);
  }

  /** Imports accepted at or before `dueBy` whose job has not started, oldest first. */
  async queuedBefore(dueBy: Date, limit: number): Promise<string[]> {
    const queued = await this.imports.find({ select: { id: true }, where: { status: 'queued', createdAt: LessThanOrEqual(dueBy) }, order: { createdAt: 'ASC' }, take: limit });
    return queued.map((imp) => imp.id);
  }

  private pathOf(importId: string): string {
    return join(this.config.dataDir, 'imports', `${importId}.csv`);
  }

  /**
   * Places an uploaded file batch by batch, each batch in its own transaction together with the
   * import's progress, so a retried job resumes after the last committed row.
   */
  async processCsv(importId: string): Promise<Record<string, unknown>> {
    const imp = await this.imports.findOneBy({ id: importId });
    if (!imp || imp.status === 'completed' || imp.status === 'failed') return { skipped: true };
    const path = this.pathOf(importId);
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await this.fail(imp, 'the uploaded file is no longer on disk; upload it again');
      return { failed: true };
    }
    const startedAt = imp.startedAt ?? this.clock.now();
    await this.imports.update({ id: importId }, { status: 'processing', startedAt });
    const resumeAfter = imp.processedRows;
    const tally: Tally = {
      created: imp.createdCount,
      updated: imp.updatedCount,
      unchanged: imp.unchangedCount,
      rejected: imp.rejectedCount,
      vehiclesCreated: imp.vehiclesCreated,
      vehiclesUpdated: imp.vehiclesUpdated,
    };
    const screen = new DuplicateScreen({ ref: 'external_ref', vin: 'vehicle_vin' });
    let batch: PreparedCase[] = [];
    let errors: RowError[] = [];
    let rejected = 0;
    let rowNumber = 0;
    let inBatch = 0;
    // One batch is written while the next is validated and encrypted: PostgreSQL and Node work in parallel.
    let writing: Promise<void> = Promise.resolve();
    let writeError: unknown = null;
    const flush = async (): Promise<void> => {
      const [b, e, r, last] = [batch, errors, rejected, rowNumber];
      batch = [];
      errors = [];
      rejected = 0;
      inBatch = 0;
      await writing;
      if (writeError) throw writeError;
      writing = this.writeBatch(imp, b, e, r, last, tally).catch((err: unknown) => {
        writeError = err;
      });
    };

    let header: string[] | null = null;
    let fatal: string | null = null;
    const parser = createReadStream(path).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, max_record_size: 1_000_000 }));
    try {
      for await (const cells of parser as AsyncIterable<string[]>) {
        if (header === null) {
          header = cells.map((c) => c.trim());
          const headerErrors = placementCsvHeaderErrors(header);
          if (headerErrors.length > 0) {
            fatal = `the header is not a placement header: ${headerErrors.map((e) => `${e.field} ${e.message}`).join('; ')}`;
            break;
          }
          continue;
        }
        rowNumber++;
        inBatch++;
        let result: PlacementRowResult;
        if (rowNumber > MAX_CSV_ROWS) {
          result = { ok: false, errors: [{ field: 'row', message: `is beyond the ${MAX_CSV_ROWS.toLocaleString('en-US')}-row limit of one placement` }] };
        } else if (cells.length !== header.length) {
          result = { ok: false, errors: [{ field: 'row', message: `has ${cells.length} cells but the header has ${header.length} columns` }] };
        } else {
          const record: Record<string, string> = {};
          for (let c = 0; c < header.length; c++) record[header[c]] = cells[c];
          result = validatePlacementCsvRecord(record, { asOf: imp.asOf });
        }
        if (rowNumber <= resumeAfter) {
          // Committed by an earlier attempt of this job: only remembered, for the duplicate check.
          if (result.ok) screen.remember(result.row, rowNumber);
          inBatch--;
          continue;
        }
        const ref = header.includes('external_ref') && cells.length === header.length ? cells[header.indexOf('external_ref')].trim().slice(0, 64) || null : null;
        const row = this.screenRow(result, rowNumber, ref, screen, errors);
        if (row) batch.push(this.writer.prepare(row, rowNumber));
        else rejected++;
        if (inBatch >= PLACEMENT_BATCH_SIZE) await flush();
      }
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      fatal = `the file is not valid CSV after row ${rowNumber}: ${err.message}`;
    }
    if (inBatch > 0 || batch.length > 0) await flush();
    await writing;
    if (writeError) throw writeError;

    const finishedAt = this.clock.now();
    Object.assign(imp, this.countsOf(tally), { processedRows: rowNumber, totalRows: rowNumber, finishedAt, startedAt });
    await this.dataSource.transaction(async (manager) => {
      if (fatal) {
        imp.status = 'failed';
        imp.failure = fatal;
      } else {
        imp.status = 'completed';
      }
      await manager.update(PlacementImport, { id: imp.id }, { status: imp.status, failure: imp.failure, totalRows: rowNumber, finishedAt });
      await this.recordPlaced(manager, imp);
    });
    await rm(path, { force: true });
    this.logger.log({ import_id: imp.id, rows: rowNumber, ms: finishedAt.getTime() - startedAt.getTime(), ...this.countsOf(tally) }, 'placement import finished');
    return { ...this.countsOf(tally), rows: rowNumber, status: imp.status };
  }

  private async writeBatch(imp: PlacementImport, batch: readonly PreparedCase[], errors: readonly RowError[], rejected: number, lastRow: number, tally: Tally): Promise<void> {
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const result = await this.writer.write(manager, imp.orgId, imp.id, now, batch);
      await this.insertErrors(manager, imp.id, errors);
      await manager.query(
        `UPDATE placement_imports SET processed_rows = $2, created_count = created_count + $3, updated_count = updated_count + $4,
           unchanged_count = unchanged_count + $5, rejected_count = rejected_count + $6, vehicles_created = vehicles_created + $7, vehicles_updated = vehicles_updated + $8
         WHERE id = $1`,
        [imp.id, lastRow, result.created, result.updated, result.unchanged, rejected, result.vehiclesCreated, result.vehiclesUpdated],
      );
      return result;
    });
    addOutcome(tally, outcome);
    tally.rejected += rejected;
  }

  private async fail(imp: PlacementImport, failure: string): Promise<void> {
    await this.imports.update({ id: imp.id }, { status: 'failed', failure, finishedAt: this.clock.now() });
  }

  async get(principal: Principal, id: string) {
    const imp = await this.findOwned(principal, id);
    const errors: { row_number: number; external_ref: string | null; field: string; message: string }[] = await this.dataSource.query(
      `SELECT row_number, external_ref, field, message FROM placement_import_errors WHERE import_id = $1 ORDER BY row_number, seq LIMIT $2`,
      [imp.id, ERRORS_SHOWN],
    );
    return presentImport(
      imp,
      errors.map((e) => ({ row: e.row_number, external_ref: e.external_ref, field: e.field, message: e.message })),
    );
  }

  private async findOwned(principal: Principal, id: string): Promise<PlacementImport> {
    if (!isUuid(id)) throw CaseErrors.importNotFound();
    const imp = await this.imports.findOneBy({ id, orgId: principal.orgId });
    if (!imp) throw CaseErrors.importNotFound();
    return imp;
  }

  /** Every rejected row as CSV (row, external_ref, field, message), read from the database page by page. */
  async errorsCsv(principal: Principal, id: string): Promise<Readable> {
    const imp = await this.findOwned(principal, id);
    const out = csvWriter(['row', 'external_ref', 'field', 'message']);
    const stream = new PassThrough();
    out.pipe(stream);
    void (async () => {
      let after = [0, 0];
      for (;;) {
        const page: { row_number: number; seq: number; external_ref: string | null; field: string; message: string }[] = await this.dataSource.query(
          `SELECT row_number, seq, external_ref, field, message FROM placement_import_errors
           WHERE import_id = $1 AND (row_number, seq) > ($2, $3) ORDER BY row_number, seq LIMIT 5000`,
          [imp.id, after[0], after[1]],
        );
        for (const e of page) {
          if (!out.write([e.row_number, e.external_ref ?? '', e.field, e.message])) await new Promise((resolve) => out.once('drain', resolve));
        }
        if (page.length < 5000) break;
        const last = page[page.length - 1];
        after = [last.row_number, last.seq];
      }
      out.end();
    })().catch((err: Error) => stream.destroy(err));
    return stream;
  }
}
