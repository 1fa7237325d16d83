import type { OrgKind, Role } from '../../common/tenancy/principal';
import { inboxAudience } from './event-routing';

const ORG = 'org-party';
const OTHER = 'org-other';
const MEMBER_ROLES: readonly Role[] = ['owner', 'manager', 'agent', 'viewer'];
const PARTY_KINDS: readonly OrgKind[] = ['lender', 'agency', 'tow_operator', 'buyer'];

/** Every (kind, role) of a party org that receives the event, as `kind:role`. */
function partyReach(type: string): string[] {
  const audience = inboxAudience({ type, org_ids: [ORG] });
  return PARTY_KINDS.flatMap((kind) => MEMBER_ROLES.map((role) => [kind, role] as const))
    .filter(([org_kind, role]) => audience.includes({ org_id: ORG, org_kind, role }))
    .map(([kind, role]) => `${kind}:${role}`);
}

function platformReach(type: string): Role[] {
  const audience = inboxAudience({ type, org_ids: [ORG] });
  return (['admin', 'compliance'] as const).filter((role) => audience.includes({ org_id: 'org-platform', org_kind: 'platform', role }));
}

const leads = (...kinds: string[]) => kinds.flatMap((k) => [`${k}:owner`, `${k}:manager`]);
const active = (...kinds: string[]) => kinds.flatMap((k) => [`${k}:owner`, `${k}:manager`, `${k}:agent`]);
const sorted = (xs: string[]) => [...xs].sort();

describe('inbox routing', () => {
  it.each<[string, string[], Role[]]>([
    ['listing.published', leads('agency', 'tow_operator'), []],
    ['bid.placed', leads('lender'), []],
    ['listing.awarded', leads('lender', 'agency', 'tow_operator'), []],
    ['job.offered', active('agency', 'tow_operator'), []],
    ['job.accepted', active('lender'), []],
    ['credential.expiring', leads('agency', 'tow_operator'), ['compliance']],
    ['partner.suspended', leads('lender', 'agency', 'tow_operator'), ['admin', 'compliance']],
    ['partner.suspension_notice', leads('lender', 'agency', 'tow_operator'), ['admin', 'compliance']],
    ['partner.rejected', leads('lender', 'agency', 'tow_operator'), ['admin', 'compliance']],
    ['partner.approved', leads('lender', 'agency', 'tow_operator'), ['admin', 'compliance']],
    ['partner.submitted', leads('lender', 'agency', 'tow_operator'), ['admin', 'compliance']],
    ['webhook_endpoint.disabled', leads('lender', 'agency', 'tow_operator', 'buyer'), []],
    ['complaint.filed', leads('agency', 'tow_operator'), ['admin', 'compliance']],
    ['complaint.upheld', leads('lender', 'agency', 'tow_operator'), []],
    ['partner.suspension_review_opened', [], ['admin', 'compliance']],
    ['payout.paid', leads('agency', 'tow_operator'), []],
    ['payout.failed', leads('agency', 'tow_operator'), ['admin']],
    ['payout.reversed', leads('agency', 'tow_operator'), ['admin']],
    ['payout_account.updated', leads('agency', 'tow_operator'), []],
    ['case.placed', [], []],
    ['job.progress', [], []],
    ['job.on_hold', active('agency', 'tow_operator'), []],
    ['job.recalled', active('agency', 'tow_operator'), []],
    ['job.completed', leads('lender'), []],
    ['vehicle.recovered', leads('lender'), []],
    ['compliance.alert', leads('lender'), ['compliance']],
    ['payment.received', leads('agency', 'tow_operator'), []],
    ['payment.reversed', leads('agency', 'tow_operator', 'lender'), []],
    ['statement.issued', leads('agency', 'tow_operator'), []],
    ['job.sla_breached', leads('lender', 'agency', 'tow_operator'), []],
    ['job.hold_escalated', leads('lender', 'agency', 'tow_operator'), ['compliance']],
    ['something.unknown', [], []],
    ['auction.outbid', active('buyer'), []],
    ['auction.closed', [...leads('lender'), ...active('buyer')], []],
    ['auction.invoice_issued', active('buyer'), []],
    ['auction.cancelled', active('buyer'), []],
    ['auction.invoice_paid', [...active('buyer'), ...leads('lender')], []],
    ['auction.release_ordered', [...active('agency', 'tow_operator'), ...leads('lender'), ...active('buyer')], []],
    ['auction.released', [...leads('agency', 'tow_operator'), ...leads('lender'), ...active('buyer')], []],
    ['auction.invoice_defaulted', [...leads('lender'), ...active('buyer')], []],
    ['auction.second_chance_offered', [...leads('lender'), ...active('buyer')], []],
    ['auction.second_chance_accepted', [...leads('lender'), ...active('buyer')], []],
    ['auction.second_chance_declined', leads('lender'), []],
    ['auction.returned_to_lender', leads('lender'), []],
    ['auction.high_bid_accepted', [...leads('lender'), ...active('buyer')], []],
    // DESIGN §9 types of later issues: nothing produces them yet, so nothing routes them (issue 9 §1).
    ['settlement.completed', leads('lender'), []],
    ['settlement.explanation_overdue', leads('lender'), ['compliance']],
    ...['invoice.due'].map(
      (type): [string, string[], Role[]] => [type, [], []],
    ),
  ])('%s', (type, parties, platform) => {
    expect(sorted(partyReach(type))).toEqual(sorted(parties));
    expect(platformReach(type)).toEqual(platform);
    expect(inboxAudience({ type }).platform_roles).toEqual(platform);
  });

  it('never reaches viewers', () => {
    for (const type of ['job.offered', 'job.accepted', 'partner.suspended', 'credential.expiring', 'webhook_endpoint.disabled']) {
      expect(partyReach(type).filter((r) => r.endsWith(':viewer'))).toEqual([]);
    }
  });

  it('reaches only the orgs the event names', () => {
    const audience = inboxAudience({ type: 'job.offered', org_ids: [ORG] });
    expect(audience.includes({ org_id: ORG, org_kind: 'agency', role: 'agent' })).toBe(true);
    expect(audience.includes({ org_id: OTHER, org_kind: 'agency', role: 'agent' })).toBe(false);
    expect(inboxAudience({ type: 'job.offered' }).includes({ org_id: ORG, org_kind: 'agency', role: 'owner' })).toBe(false);
  });

  it('takes parties from org_ids and party_org_ids, once each', () => {
    const audience = inboxAudience({ type: 'partner.suspended', org_ids: ['partner-1'], party_org_ids: ['lender-1', 'lender-2', 'partner-1'] });
    expect(audience.org_ids).toEqual(['partner-1', 'lender-1', 'lender-2']);
    expect(audience.includes({ org_id: 'lender-2', org_kind: 'lender', role: 'manager' })).toBe(true);
    expect(audience.includes({ org_id: 'partner-1', org_kind: 'tow_operator', role: 'owner' })).toBe(true);
  });

  it('checks the kind of a named org, not just its id', () => {
    const audience = inboxAudience({ type: 'job.offered', org_ids: [ORG] });
    expect(audience.includes({ org_id: ORG, org_kind: 'lender', role: 'owner' })).toBe(false);
  });

  it('reaches platform staff whatever orgs are named, and only for what they oversee', () => {
    const complaint = inboxAudience({ type: 'partner.submitted', org_ids: [] });
    expect(complaint.includes({ org_id: 'org-platform', org_kind: 'platform', role: 'admin' })).toBe(true);
    const offer = inboxAudience({ type: 'job.offered', org_ids: ['org-platform'] });
    expect(offer.includes({ org_id: 'org-platform', org_kind: 'platform', role: 'admin' })).toBe(false);
  });

  it('names no orgs to load for an event that reaches no party', () => {
    expect(inboxAudience({ type: 'case.placed', org_ids: [ORG] }).org_ids).toEqual([]);
  });
});
