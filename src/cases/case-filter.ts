import { Brackets, SelectQueryBuilder } from 'typeorm';
import { addDays } from '../common/calendar/calendar-date';
import { CursorPart } from '../common/pagination/cursor';
import { PiiCipher } from '../common/pii/pii-cipher';
import { BLIND_INDEX } from './borrower-pii';
import { Case } from './case.entity';
import { CaseFilterQuery, CaseSort } from './dto/case-query.dto';

const BUCKET_DAYS: Readonly<Record<string, readonly [number, number | null]>> = {
  current: [0, 0],
  M1: [1, 30],
  M2: [31, 60],
  M3: [61, 90],
  'M4+': [91, null],
};
const STAGE_DAYS: Readonly<Record<string, readonly [number, number | null]>> = { early: [0, 59], late: [60, null] };

export interface SortSpec {
  readonly column: string;
  readonly direction: 'ASC' | 'DESC';
  /** The kind of the sort value in a cursor, checked when the cursor comes back. */
  readonly cursorPart: Exclude<CursorPart, 'bit'>;
  readonly valueOf: (c: Case) => string;
}

/** The sorts of the case list and export; each pages by keyset on (sort column, id). */
export const CASE_SORT_SPECS: Readonly<Record<CaseSort, SortSpec>> = {
  created_at: { column: 'c.createdAt', direction: 'ASC', cursorPart: 'timestamp', valueOf: (c) => c.createdAt.toISOString() },
  '-created_at': { column: 'c.createdAt', direction: 'DESC', cursorPart: 'timestamp', valueOf: (c) => c.createdAt.toISOString() },
  total_due: { column: 'c.totalDue', direction: 'ASC', cursorPart: 'integer', valueOf: (c) => String(c.totalDue) },
  '-total_due': { column: 'c.totalDue', direction: 'DESC', cursorPart: 'integer', valueOf: (c) => String(c.totalDue) },
  // More days past due is an earlier first missed due date.
  days_past_due: { column: 'c.firstMissedDueDate', direction: 'DESC', cursorPart: 'date', valueOf: (c) => c.firstMissedDueDate },
  '-days_past_due': { column: 'c.firstMissedDueDate', direction: 'ASC', cursorPart: 'date', valueOf: (c) => c.firstMissedDueDate },
  external_ref: { column: 'c.externalRef', direction: 'ASC', cursorPart: 'text', valueOf: (c) => c.externalRef },
  '-external_ref': { column: 'c.externalRef', direction: 'DESC', cursorPart: 'text', valueOf: (c) => c.externalRef },
};

/** Rows after the keyset position `(value, id)` in the sort's order. */
export function afterPosition(qb: SelectQueryBuilder<Case>, sort: SortSpec, value: string, id: string): SelectQueryBuilder<Case> {
  return qb.andWhere(`(${sort.column}, c.id) ${sort.direction === 'ASC' ? '>' : '<'} (:cursorValue, :cursorId)`, { cursorValue: value, cursorId: id });
}

/** The lender's cases matching the filters of `GET /v1/cases` (as of `asOf` for days past due). */
export function filterCases(qb: SelectQueryBuilder<Case>, orgId: string, query: CaseFilterQuery, asOf: string, cipher: PiiCipher): SelectQueryBuilder<Case> {
  qb.where('c.orgId = :orgId', { orgId });
  if (query.status) qb.andWhere('c.status IN (:...statuses)', { statuses: query.status.split(',') });
  if (query.product) qb.andWhere('c.product IN (:...products)', { products: query.product.split(',') });
  if (query.currency) qb.andWhere('c.currency = :currency', { currency: query.currency });
  if (query.region) {
    const regions = query.region.split(',');
    qb.andWhere(
      new Brackets((w) => {
        regions.forEach((r, i) => {
          // A country matches its subdivisions: `US` finds US-TX and US-CA.
          if (r.length === 2) w.orWhere(`c.borrowerRegion LIKE :region${i}`, { [`region${i}`]: `${r}-%` });
          else w.orWhere(`c.borrowerRegion = :region${i}`, { [`region${i}`]: r });
        });
      }),
    );
  }
  if (query.flags === 'none') qb.andWhere(`c.flags = '{}'`);
  // `flags <> '{}'` lets the partial index of flagged cases serve the filter.
  else if (query.flags) qb.andWhere(`c.flags <> '{}' AND c.flags @> :flags`, { flags: query.flags.split(',') });
  if (query.has_vehicle) qb.andWhere(`${query.has_vehicle === 'true' ? '' : 'NOT '}EXISTS (SELECT 1 FROM vehicles v WHERE v.case_id = c.id)`);
  if (query.balance_min !== undefined) qb.andWhere('c.totalDue >= :balanceMin', { balanceMin: query.balance_min });
  if (query.balance_max !== undefined) qb.andWhere('c.totalDue <= :balanceMax', { balanceMax: query.balance_max });
  // Days past due are not stored: each range of days is a range of first missed due dates as of `asOf`.
  const ranges: (readonly [number, number | null])[][] = [];
  if (query.dpd_min !== undefined || query.dpd_max !== undefined) ranges.push([[query.dpd_min ?? 0, query.dpd_max ?? null]]);
  if (query.bucket) ranges.push(query.bucket.split(',').map((b) => BUCKET_DAYS[b]));
  if (query.stage) ranges.push([STAGE_DAYS[query.stage]]);
  ranges.forEach((anyOf, g) => {
    qb.andWhere(
      new Brackets((w) => {
        anyOf.forEach(([min, max], i) => {
          const conditions: string[] = [];
          const params: Record<string, string> = {};
          if (min > 0) {
            conditions.push(`c.firstMissedDueDate <= :dpdTo${g}_${i}`);
            params[`dpdTo${g}_${i}`] = addDays(asOf, -min);
          }
          if (max !== null) {
            conditions.push(`c.firstMissedDueDate >= :dpdFrom${g}_${i}`);
            params[`dpdFrom${g}_${i}`] = addDays(asOf, -max);
          }
          w.orWhere(conditions.length > 0 ? conditions.join(' AND ') : 'TRUE', params);
        });
      }),
    );
  });
  if (query.borrower_phone) qb.andWhere('c.borrowerPhoneBidx = :phoneBidx', { phoneBidx: cipher.blindIndex(BLIND_INDEX.phone, query.borrower_phone) });
  if (query.borrower_email) qb.andWhere('c.borrowerEmailBidx = :emailBidx', { emailBidx: cipher.blindIndex(BLIND_INDEX.email, query.borrower_email) });
  if (query.borrower_national_id) {
    qb.andWhere('c.borrowerNationalIdBidx = :nidBidx', { nidBidx: cipher.blindIndex(BLIND_INDEX.nationalId, query.borrower_national_id) });
  }
  return qb;
}
