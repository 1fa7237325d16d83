import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { csvWriter } from '../common/csv/csv-writer';
import { PassThrough, Readable } from 'node:stream';
import { Repository } from 'typeorm';
import { PiiCipher } from '../common/pii/pii-cipher';
import { Principal } from '../common/tenancy/principal';
import { VehiclesService } from '../vehicles/vehicles.service';
import { decryptBorrower, maskBorrower } from './borrower-pii';
import { Case } from './case.entity';
import { afterPosition, CASE_SORT_SPECS, filterCases } from './case-filter';
import { CaseQueriesService } from './case-queries.service';
import { balanceOf } from './domain/balance';
import { CASE_FLAGS } from './domain/case-status';
import { assessDelinquency } from './domain/delinquency';
import { CaseFilterQuery } from './dto/case-query.dto';

const COLUMNS = [
  'id', 'external_ref', 'product', 'status', 'currency', 'principal', 'interest', 'fees', 'total_due',
  'origination_date', 'first_missed_due_date', 'last_payment_date', 'as_of', 'days_past_due', 'bucket', 'stage',
  'borrower_name', 'borrower_phone', 'borrower_email', 'borrower_region', 'borrower_timezone', 'flags',
  'vehicle_vin', 'vehicle_status', 'created_at',
];
const PAGE = 1000;

/** `GET /v1/cases/export.csv`: the filtered list as CSV, PII masked, streamed page by page in the list's order. */
@Injectable()
export class CaseExportService {
  constructor(
    @InjectRepository(Case) private readonly cases: Repository<Case>,
    private readonly queries: CaseQueriesService,
    private readonly vehicles: VehiclesService,
    private readonly cipher: PiiCipher,
  ) {}

  exportCsv(principal: Principal, query: CaseFilterQuery): Readable {
    const asOf = this.queries.asOf(query.as_of);
    const sort = CASE_SORT_SPECS[query.sort ?? '-created_at'];
    const out = csvWriter(COLUMNS);
    const stream = new PassThrough();
    out.pipe(stream);
    void (async () => {
      let position: [string, string] | null = null;
      for (;;) {
        const qb = filterCases(this.cases.createQueryBuilder('c'), principal.orgId, query, asOf, this.cipher);
        if (position) afterPosition(qb, sort, position[0], position[1]);
        const page = await qb.orderBy(sort.column, sort.direction).addOrderBy('c.id', sort.direction).take(PAGE).getMany();
        const vehicles = new Map((await this.vehicles.collateralOf(page.map((c) => c.id))).map((v) => [v.caseId, v]));
        for (const c of page) {
          const b = maskBorrower(decryptBorrower(this.cipher, c));
          const d = assessDelinquency(c.firstMissedDueDate, asOf);
          const v = vehicles.get(c.id);
          const line = [
            c.id, c.externalRef, c.product, c.status, c.currency, c.principal, c.interest, c.fees, balanceOf(c).amount,
            c.originationDate, c.firstMissedDueDate, c.lastPaymentDate ?? '', asOf, d.days_past_due, d.bucket, d.stage,
            b.name, b.phone ?? '', b.email ?? '', b.region, b.timezone, CASE_FLAGS.filter((f) => c.flags.includes(f)).join(';'),
            v?.vin ?? '', v?.status ?? '', c.createdAt.toISOString(),
          ];
          if (!out.write(line)) await new Promise((resolve) => out.once('drain', resolve));
        }
        if (page.length < PAGE) break;
        const last = page[page.length - 1];
        position = [sort.valueOf(last), last.id];
      }
      out.end();
    })().catch((err: Error) => stream.destroy(err));
    return stream;
  }
}
