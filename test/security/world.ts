import { addUser, aBuyer, aLender, loginPlatformAdmin, OrgSession } from '../support/factories';
import { aBid, aCaseRow, aFeeSchedule, aListingBody, aPartner } from '../support/marketplace';
import { placementCsv } from '../support/placement-csv';
import { TestApp } from '../support/test-app';
import { Route } from './routes';

/** Text planted in org A's private data; it must never appear in an answer to org B. */
export const SECRET = 'ALPHA-SECRET';

export type CallerKind = 'lender' | 'agency' | 'tow_operator' | 'buyer';

/** Org A's ids, by the resource they name. */
export interface OrgAIds {
  readonly lenderOrg: string;
  readonly agencyOrg: string;
  readonly towOrg: string;
  readonly buyerOrg: string;
  readonly user: string;
  readonly case: string;
  readonly vehicle: string;
  readonly feeSchedule: string;
  readonly listing: string;
  readonly openListing: string;
  readonly bid: string;
  readonly job: string;
  readonly apiKey: string;
  readonly webhookEndpoint: string;
  readonly import: string;
  readonly credential: string;
}

export interface World {
  readonly a: Record<CallerKind, OrgSession>;
  readonly b: Record<CallerKind, OrgSession>;
  readonly ids: OrgAIds;
}

/** Which of A's ids a route's `{id}` plausibly names; a route not listed here gets every id. */
const CANDIDATES: readonly [RegExp, (ids: OrgAIds) => string[]][] = [
  [/^\/v1\/cases\//, (ids) => [ids.case]],
  [/^\/v1\/vehicles\//, (ids) => [ids.vehicle]],
  [/^\/v1\/listings\//, (ids) => [ids.listing, ids.openListing]],
  [/^\/v1\/jobs\//, (ids) => [ids.job]],
  [/^\/v1\/fee-schedules\//, (ids) => [ids.feeSchedule]],
  [/^\/v1\/api-keys\//, (ids) => [ids.apiKey]],
  [/^\/v1\/org\/users\//, (ids) => [ids.user]],
  [/^\/v1\/imports\//, (ids) => [ids.import]],
  [/^\/v1\/webhook-endpoints\//, (ids) => [ids.webhookEndpoint]],
  [/^\/v1\/partner-profile\/credentials\//, (ids) => [ids.credential]],
  [/^\/v1\/(admin\/)?partners\//, (ids) => [ids.agencyOrg, ids.towOrg, ids.buyerOrg, ids.lenderOrg]],
];

export function candidateIds(route: Route, ids: OrgAIds): string[] {
  return CANDIDATES.find(([pattern]) => pattern.test(route.path))?.[1](ids) ?? Object.values(ids);
}

async function ok<T = Record<string, unknown>>(what: string, req: PromiseLike<{ status: number; body: unknown }>, status = 201): Promise<T> {
  const res = await req;
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

/**
 * Two orgs of every kind. Org A has one of everything — cases, a vehicle, a fee schedule, an
 * awarded listing with its job, an open listing, a bid, users, an API key, a webhook endpoint, an
 * import, a partner credential — and org B's partners are vetted for another region, so nothing
 * of A's is theirs to see (DESIGN §2 tenancy).
 */
export async function buildWorld(t: TestApp): Promise<World> {
  const admin = await loginPlatformAdmin(t);
  const lender = await aLender(t).named(`${SECRET} lender`).build();
  const agency = await aPartner(t, admin, { kind: 'agency' });
  const tow = await aPartner(t, admin, { kind: 'tow_operator', capabilities: ['repossession'] });
  const buyer = await aBuyer(t).named(`${SECRET} buyer`).build();

  const borrower = { name: `${SECRET} Borrower`, email: 'alpha.secret@example.com' };
  const awardedCase = await ok<{ id: string }>('case', t.http.post('/v1/cases').set(lender.auth).send(aCaseRow({ external_ref: `${SECRET}-1`, borrower })));
  const openCase = await ok<{ id: string }>('case', t.http.post('/v1/cases').set(lender.auth).send(aCaseRow({ external_ref: `${SECRET}-2`, borrower })));
  // A European VIN (no check digit) registered in Bavaria, tied to the awarded case.
  const vehicle = await ok<{ id: string }>('vehicle', t.http.post('/v1/vehicles').set(lender.auth).send({ vin: 'WVWZZZ1JZXW000001', plate_region: 'DE-BY', case_id: awardedCase.id, make: SECRET }));
  const feeSchedule = await aFeeSchedule(t, lender);
  const listing = await ok<{ id: string }>('listing', t.http.post('/v1/listings').set(lender.auth).send(aListingBody(feeSchedule, [awardedCase.id])));
  const bid = await ok<{ id: string }>('bid', t.http.post(`/v1/listings/${listing.id}/bids`).set(agency.auth).send(aBid(2000)));
  const award = await ok<{ jobs: { id: string }[] }>('award', t.http.post(`/v1/listings/${listing.id}/award`).set(lender.auth).send({ selections: [{ bid_id: bid.id }] }), 200);
  const job = award.jobs[0]!.id;
  await ok('accept', t.http.post(`/v1/jobs/${job}/accept`).set(agency.auth).send({}), 200);
  const openListing = await ok<{ id: string }>('listing', t.http.post('/v1/listings').set(lender.auth).send(aListingBody(feeSchedule, [openCase.id])));
  const user = await addUser(t, lender, 'agent');
  const apiKey = await ok<{ id: string }>('api key', t.http.post('/v1/api-keys').set(lender.auth).send({ name: `${SECRET} key` }));
  const endpoint = await ok<{ id: string }>('webhook', t.http.post('/v1/webhook-endpoints').set(lender.auth).send({ url: 'https://alpha-secret.example.com/hook', event_types: ['job.accepted'] }));
  const imported = await ok<{ id: string }>(
    'import',
    t.http.post('/v1/cases/bulk').set(lender.auth).attach('file', placementCsv([{ external_ref: `${SECRET}-3`, product: 'auto_loan' }]), { filename: 'a.csv', contentType: 'text/csv' }),
    202,
  );
  const [credential] = await t.db.query(`SELECT id FROM partner_credentials WHERE org_id = $1 LIMIT 1`, [tow.orgId]);

  // Org B: the same kinds, partners vetted for another region so that A's listings are not theirs.
  const bLender = await aLender(t).inRegion('US-CA').build();
  const bAgency = await aPartner(t, admin, { kind: 'agency', regions: ['US-CA'] });
  const bTow = await aPartner(t, admin, { kind: 'tow_operator', capabilities: ['repossession'], regions: ['US-CA'] });
  const bBuyer = await aBuyer(t).inRegion('US-CA').build();

  return {
    a: { lender, agency, tow_operator: tow, buyer },
    b: { lender: bLender, agency: bAgency, tow_operator: bTow, buyer: bBuyer },
    ids: {
      lenderOrg: lender.orgId,
      agencyOrg: agency.orgId,
      towOrg: tow.orgId,
      buyerOrg: buyer.orgId,
      user: user.userId,
      case: awardedCase.id,
      vehicle: vehicle.id,
      feeSchedule,
      listing: listing.id,
      openListing: openListing.id,
      bid: bid.id,
      job,
      apiKey: apiKey.id,
      webhookEndpoint: endpoint.id,
      import: imported.id,
      credential: credential.id,
    },
  };
}

