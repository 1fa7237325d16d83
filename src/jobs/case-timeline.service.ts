import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CaseLifecycleService } from '../cases/case-lifecycle.service';
import { CaseErrors } from '../cases/cases.errors';
import { JsonObject } from '../common/json';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor';
import { Page, PageQuery } from '../common/pagination/pagination';
import { Principal } from '../common/tenancy/principal';

export type TimelineSource = 'case' | 'job' | 'progress';

interface TimelineRow {
  id: string;
  at: Date;
  source: TimelineSource;
  type: string;
  job_id: string | null;
  data: JsonObject;
}

/**
 * `GET /v1/cases/{id}/timeline` (issue 12, the lender's view): the case's own history — placement,
 * edits, flags, status moves, as its events recorded them — merged with the lifecycle and the
 * progress reports of every job that worked it, newest first, in one keyset-paged query.
 * Progress PII (contacts used, skip-traced values) stays out: the job's own timeline has it.
 */
@Injectable()
export class CaseTimelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CaseLifecycleService,
  ) {}

  async timeline(principal: Principal, caseId: string, query: PageQuery): Promise<Page<ReturnType<typeof present>>> {
    const [found] = await this.cases.loadForMarketplace(this.dataSource.manager, principal.orgId, [caseId]);
    if (!found) throw CaseErrors.notFound();
    const limit = query.limit ?? 50;
    const [at, id] = query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid'] as const) : [null, null];
    const rows: TimelineRow[] = await this.dataSource.query(
      `WITH worked AS (SELECT id FROM jobs WHERE lender_org_id = $1 AND $2 = ANY(case_ids))
       SELECT * FROM (
         SELECT o.id, o.occurred_at AS at, 'case' AS source, o.type, NULL::uuid AS job_id, o.payload AS data
           FROM outbox_events o WHERE o.aggregate_type = 'case' AND o.aggregate_id = $2::text
         UNION ALL
         SELECT o.id, o.occurred_at, 'job', o.type, o.aggregate_id::uuid, o.payload
           FROM outbox_events o WHERE o.aggregate_type = 'job' AND o.aggregate_id IN (SELECT id::text FROM worked) AND o.type <> 'job.progress'
         UNION ALL
         SELECT e.id, e.created_at, 'progress', e.type, e.job_id, e.payload || jsonb_build_object('occurred_at', e.occurred_at, 'after_hold', e.after_hold, 'reporter_org_id', e.reporter_org_id)
           FROM job_events e WHERE e.job_id IN (SELECT id FROM worked) AND (e.case_id IS NULL OR e.case_id = $2)
       ) t
       WHERE $3::timestamptz IS NULL OR (t.at, t.id) < ($3::timestamptz, $4::uuid)
       ORDER BY t.at DESC, t.id DESC LIMIT $5`,
      [principal.orgId, found.id, at, id, limit + 1],
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { data: items.map(present), next_cursor: rows.length > limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null };
  }
}

function present(r: TimelineRow) {
  return { id: r.id, at: r.at.toISOString(), source: r.source, type: r.type, job_id: r.job_id, data: r.data };
}
