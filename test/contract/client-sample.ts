import type { components, operations } from './generated/reclaim-api';

/**
 * A short integrator's client written against the types openapi-typescript generates from
 * docs/openapi.json (`npm run openapi`); `npm run typecheck` compiles it, so a document that stops
 * describing these calls (a body typed as nothing, an answer typed `never`) fails the type check.
 */
type Schemas = components['schemas'];
type JsonOf<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;
type Problem = Schemas['Problem'];

export type PlacementRow = operations['Cases_create']['requestBody']['content']['application/json'];
export type Case = JsonOf<operations['Cases_create']['responses'][201]>;
export type PlaceBid = operations['Listings_placeBid']['requestBody']['content']['application/json'];
export type Bid = JsonOf<operations['Listings_placeBid']['responses'][201]>;
export type JobPage = JsonOf<operations['Jobs_list']['responses'][200]>;
export type JobQuery = NonNullable<operations['Jobs_list']['parameters']['query']>;

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code}: ${problem.detail ?? problem.title}`);
  }
}

export class ReclaimClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  createCase(row: PlacementRow, idempotencyKey: string): Promise<Case> {
    return this.send('POST', '/v1/cases', row, { 'Idempotency-Key': idempotencyKey });
  }

  placeBid(listingId: string, bid: PlaceBid): Promise<Bid> {
    return this.send('POST', `/v1/listings/${listingId}/bids`, bid);
  }

  listJobs(query: JobQuery = {}): Promise<JobPage> {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
    return this.send('GET', `/v1/jobs?${search}`);
  }

  private async send<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new ProblemError((await res.json()) as Problem);
    return (await res.json()) as T;
  }
}

/** Place a case, bid on a listing, and walk every page of offered jobs. */
export async function sample(client: ReclaimClient, listingId: string): Promise<string[]> {
  const placed = await client.createCase(
    {
      external_ref: 'LN-2024-000123',
      product: 'auto_loan',
      currency: 'USD',
      principal: 1_250_000,
      origination_date: '2022-03-01',
      first_missed_due_date: '2024-02-01',
      borrower: { name: 'Jordan Doe', timezone: 'America/Chicago', region: 'US-TX' },
    },
    'place-LN-2024-000123',
  );
  const owed: number = placed.balances.total_due.amount;
  const vin: string | undefined = placed.vehicle?.vin;

  const bid = await client.placeBid(listingId, { contingency_bps: 1800, sla: { first_action_hours: 12, completion_days: 30 } });
  const flatFee: Schemas['Money'] | null = bid.flat_fee;

  const offered: string[] = [];
  let cursor: string | null = null;
  do {
    const page: JobPage = await client.listJobs({ status: 'offered', limit: 50, ...(cursor ? { cursor } : {}) });
    for (const job of page.data) offered.push(`${job.id} ${job.kind} until ${job.accept_deadline}`);
    cursor = page.next_cursor;
  } while (cursor);
  return [`owed ${owed}`, `vin ${vin ?? 'none'}`, `flat fee ${flatFee?.amount ?? 0}`, ...offered];
}

// The generated types refuse what the API refuses:
// @ts-expect-error a product the API does not offer
export const notAProduct: PlacementRow['product'] = 'mortgage';
// @ts-expect-error money is integer minor units with a currency, not a bare number
export const bareMoney: Schemas['Money'] = 1250;
// @ts-expect-error job statuses are an enum
export const notAStatus: JobQuery['status'] = 'done';
