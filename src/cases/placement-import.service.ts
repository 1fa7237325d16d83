import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, LessThanOrEqual, Repository } from 'typeorm';
import { calendarDateOf } from '../common/calendar/calendar-date';
import { Clock } from '../common/clock/clock';
import { Deadlines } from '../common/queue/deadlines.service';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CaseErrors } from './cases.errors';
import { placementCsvHeaderErrors, validatePlacementRow } from './domain/placement-row';
import { MAX_CSV_BYTES, PlacementFileProblem, UploadProbe, parseHeaderLine, readPlacementCsv } from './placement-csv-reader';
import { CsvRowVerdict, MAX_CSV_ROWS, PreparedCase } from './placement-prepare';
import { PlacementPreparer } from './placement-preparer';
import { PlacementImport } from './placement-import.entity';
import { presentImport, RowError } from './placement-import.presenter';
import { addOutcome, countsOf, DuplicateScreen, emptyTally, refOf, Tally, tallyOf } from './placement-import-screen';
import { multipartRefusal } from '../common/validation/multipart';
import { PlacementImportStore } from './placement-import-store';
import { PLACEMENT_IMPORT } from './placement-jobs';
import { PLACEMENT_BATCH_SIZE, PlacementWriter } from './placement-writer';

/** DESIGN §4 / issue 4: JSON is answered synchronously up to 10,000 rows. */
export const MAX_JSON_ROWS = 10_000;

/** A batch read and prepared, waiting for its transaction. */
interface PendingBatch {
  readonly prepared: PreparedCase[];
  readonly errors: RowError[];
  rejected: number;
  lastRow: number;
}

/** Rows per worker task: enough to make a message's cost small against the rows' work. */
const SLICE_ROWS = 500;
/** Slices judged ahead of the one being screened: keeps every worker busy, bounds memory. */
const SLICES_AHEAD = 4;

const newBatch = (): PendingBatch => ({ prepared: [], errors: [], rejected: 0, lastRow: 0 });

/** Bulk placement (DESIGN §4): JSON synchronously, CSV files through a background job. */
@Injectable()
export class PlacementImportService {
  private readonly logger = new Logger('PlacementImport');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(PlacementImport) private readonly imports: Repository<PlacementImport>,
    private readonly writer: PlacementWriter,
    private readonly preparer: PlacementPreparer,
    private readonly store: PlacementImportStore,
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
      const row = screen.screen(validatePlacementRow(raw, { asOf: imp.asOf }), i + 1, refOf(raw, 'external_ref'), errors);
      if (row) prepared.push(this.writer.prepare(row, i + 1));
      else tally.rejected++;
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(PlacementImport, imp);
      for (let i = 0; i < prepared.length; i += PLACEMENT_BATCH_SIZE) {
        addOutcome(tally, await this.writer.write(manager, principal.orgId, imp.id, now, prepared.slice(i, i + PLACEMENT_BATCH_SIZE)));
      }
      await this.store.insertErrors(manager, imp.id, errors);
      Object.assign(imp, countsOf(tally), { processedRows: body.length, status: 'completed', finishedAt: now });
      await manager.update(PlacementImport, { id: imp.id }, { ...countsOf(tally), processedRows: body.length, status: 'completed', finishedAt: now });
      await this.store.recordPlaced(manager, imp);
    });
    return presentImport(imp, errors);
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
    await mkdir(join(this.config.dataDir, 'imports'), { recursive: true });
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
    const header = parseHeaderLine(probe.headerLine ?? '');
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
   * import's progress, so a retried job resumes after the last committed row. One batch is
   * written while the next is read, validated and encrypted: PostgreSQL and Node work in parallel.
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
      await this.imports.update({ id: imp.id }, { status: 'failed', failure: 'the uploaded file is no longer on disk; upload it again', finishedAt: this.clock.now() });
      return { failed: true };
    }
    const startedAt = imp.startedAt ?? this.clock.now();
    await this.imports.update({ id: importId }, { status: 'processing', startedAt });
    const resumeAfter = imp.processedRows;
    const tally = tallyOf(imp);
    const screen = new DuplicateScreen({ ref: 'external_ref', vin: 'vehicle_vin' });

    let batch = newBatch();
    let writing: Promise<void> = Promise.resolve();
    const flush = async (): Promise<void> => {
      const full = batch;
      batch = newBatch();
      await writing;
      writing = this.writeBatch(imp, full, tally);
      // Surfaces a failed write at the next flush; the job is retried from the last committed batch.
      writing.catch(() => undefined);
    };

    // Rows go to the worker threads in slices, a few slices ahead of the one being screened;
    // verdicts are taken in file order, so the duplicate screen and row numbers are as on one thread.
    const judging: Promise<CsvRowVerdict[]>[] = [];
    let slice: { rowNumber: number; cells: string[] }[] = [];
    let header: readonly string[] = [];
    const send = (): void => {
      const verdicts = this.preparer.judge({ header, asOf: imp.asOf, resumeAfter, rows: slice });
      // Awaited in order below; a failure surfaces there.
      verdicts.catch(() => undefined);
      judging.push(verdicts);
      slice = [];
    };
    const take = async (): Promise<void> => {
      for (const v of await judging.shift()!) {
        if (v.rowNumber <= resumeAfter) {
          // Committed by an earlier attempt of this job: only remembered, for the duplicate check.
          if (v.ok) screen.remember(v.keys, v.rowNumber);
          continue;
        }
        const keys = screen.screen(v.ok ? { ok: true, row: v.keys } : v, v.rowNumber, v.ref, batch.errors);
        if (keys && v.ok) batch.prepared.push(v.prepared!);
        else batch.rejected++;
        batch.lastRow = v.rowNumber;
        if (batch.prepared.length + batch.rejected >= PLACEMENT_BATCH_SIZE) await flush();
      }
    };

    let rowNumber = 0;
    let fatal: string | null = null;
    try {
      for await (const row of readPlacementCsv(path)) {
        header = row.header;
        rowNumber = row.rowNumber;
        slice.push({ rowNumber: row.rowNumber, cells: row.cells });
        if (slice.length >= SLICE_ROWS) send();
        if (judging.length > SLICES_AHEAD) await take();
      }
    } catch (err) {
      if (!(err instanceof PlacementFileProblem)) throw err;
      fatal = err.message;
    }
    if (slice.length > 0) send();
    while (judging.length > 0) await take();
    if (batch.lastRow > 0) await flush();
    await writing;

    const finishedAt = this.clock.now();
    Object.assign(imp, countsOf(tally), { processedRows: rowNumber, totalRows: rowNumber, finishedAt, startedAt });
    imp.status = fatal ? 'failed' : 'completed';
    imp.failure = fatal;
    await this.dataSource.transaction(async (manager) => {
      await manager.update(PlacementImport, { id: imp.id }, { status: imp.status, failure: imp.failure, totalRows: rowNumber, finishedAt });
      await this.store.recordPlaced(manager, imp);
    });
    await rm(path, { force: true });
    this.logger.log({ import_id: imp.id, rows: rowNumber, ms: finishedAt.getTime() - startedAt.getTime(), ...countsOf(tally) }, 'placement import finished');
    return { ...countsOf(tally), rows: rowNumber, status: imp.status };
  }

  private async writeBatch(imp: PlacementImport, batch: PendingBatch, tally: Tally): Promise<void> {
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const result = await this.writer.write(manager, imp.orgId, imp.id, now, batch.prepared);
      await this.store.insertErrors(manager, imp.id, batch.errors);
      await this.store.addProgress(manager, imp.id, batch.lastRow, result, batch.rejected);
      return result;
    });
    addOutcome(tally, outcome);
    tally.rejected += batch.rejected;
  }

  async get(principal: Principal, id: string) {
    const imp = await this.findOwned(principal, id);
    return presentImport(imp, await this.store.firstErrors(imp.id));
  }

  private async findOwned(principal: Principal, id: string): Promise<PlacementImport> {
    if (!isUuid(id)) throw CaseErrors.importNotFound();
    const imp = await this.imports.findOneBy({ id, orgId: principal.orgId });
    if (!imp) throw CaseErrors.importNotFound();
    return imp;
  }

  /** Every rejected row as CSV (row, external_ref, field, message). */
  async errorsCsv(principal: Principal, id: string): Promise<Readable> {
    return this.store.errorsCsv((await this.findOwned(principal, id)).id);
  }
}
