import { OrgSession } from './factories';
import { aBid, aListingBody, placeCase, usd } from './marketplace';
import { TestApp } from './test-app';

/** Lists the case, has `partner` bid 15 %, awards it and has the partner accept: the job's id. */
export async function awardCollection(t: TestApp, lender: OrgSession, schedule: string, caseId: string, partner: OrgSession): Promise<string> {
  const listing = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [caseId]));
  if (listing.status !== 201) throw new Error(`listing failed: ${listing.status} ${JSON.stringify(listing.body)}`);
  const bid = await t.http.post(`/v1/listings/${listing.body.id}/bids`).set(partner.auth).send(aBid(1500));
  if (bid.status !== 201) throw new Error(`bid failed: ${bid.status} ${JSON.stringify(bid.body)}`);
  const award = await t.http.post(`/v1/listings/${listing.body.id}/award`).set(lender.auth).send({ auto: true });
  if (award.status !== 200) throw new Error(`award failed: ${award.status} ${JSON.stringify(award.body)}`);
  const jobId = award.body.jobs[0].id as string;
  const accept = await t.http.post(`/v1/jobs/${jobId}/accept`).set(partner.auth);
  if (accept.status !== 200) throw new Error(`accept failed: ${accept.status} ${JSON.stringify(accept.body)}`);
  return jobId;
}

/** A case of 100 000 principal, 2 000 interest, 5 000 fees (override any) on an accepted collection job of `partner` at 15 %. */
export async function aCaseOnAJob(t: TestApp, lender: OrgSession, schedule: string, partner: OrgSession, balances: Record<string, number> = {}): Promise<{ caseId: string; jobId: string }> {
  const caseId = await placeCase(t, lender, { principal: 100_000, interest: 2_000, fees: 5_000, ...balances });
  return { caseId, jobId: await awardCollection(t, lender, schedule, caseId, partner) };
}

/** `POST /v1/cases/{id}/payments` received today (by the app's clock) by ACH. */
export function confirmPayment(t: TestApp, who: OrgSession, caseId: string, amount: number, extra: Record<string, unknown> = {}) {
  return t.http.post(`/v1/cases/${caseId}/payments`).set(who.auth).send({ amount: usd(amount), received_on: t.clock.today(), method: 'ach', reference: `ACH-${amount}`, ...extra });
}
