import type { OrgKind, Role } from '../../common/tenancy/principal';
import type { EventType } from '../../events/event-catalogue';
import { isEventType } from '../../events/event-catalogue';

/**
 * Which events reach whose in-app inbox (DESIGN §9), by org kind and role. Webhooks carry every
 * event an endpoint subscribes to; the inbox is for people, so it carries what someone should act
 * on or know about, and nothing else:
 * - per-case volume (`case.placed`, `job.progress`) stays out: a loan system placing thousands of
 *   cases a day, or an agency logging every call, would bury what matters;
 * - `viewer`s get nothing: they read dashboards and take no action;
 * - parties are the orgs the event names (`org_ids`, `party_org_ids`); platform staff receive
 *   the events they oversee whichever orgs are concerned.
 */
interface PartyAudience {
  readonly kinds: readonly OrgKind[];
  readonly roles: readonly Role[];
}

interface Route {
  readonly parties: readonly PartyAudience[];
  readonly platform: readonly Role[];
}

const LEADS: readonly Role[] = ['owner', 'manager'];
const ACTIVE: readonly Role[] = ['owner', 'manager', 'agent'];
const PARTNERS: readonly OrgKind[] = ['agency', 'tow_operator'];
const STAFF: readonly Role[] = ['admin', 'compliance'];

const lenders = (roles: readonly Role[]): PartyAudience => ({ kinds: ['lender'], roles });
const partners = (roles: readonly Role[]): PartyAudience => ({ kinds: PARTNERS, roles });
const buyers = (roles: readonly Role[]): PartyAudience => ({ kinds: ['buyer'], roles });
const route = (parties: readonly PartyAudience[], platform: readonly Role[] = []): Route => ({ parties, platform });

/**
 * Every `partner.*` status event (applied, approved, suspended, revoked, …) goes to platform staff
 * who vet partners, the partner itself, and lenders named as parties (DESIGN §3: lenders with open
 * jobs are told of a suspension).
 */
const PARTNER_FAMILY = route([partners(LEADS), lenders(LEADS)], STAFF);

/**
 * Keyed by the event catalogue: a type nothing produces cannot be routed (add its event to its
 * module's `*.events.ts` first), and a typo fails `npm run typecheck`. Types left out reach no inbox.
 */
const ROUTES: { readonly [T in EventType]?: Route } = {
  'listing.published': route([partners(LEADS)]),
  'bid.placed': route([lenders(LEADS)]),
  'listing.awarded': route([lenders(LEADS), partners(LEADS)]),
  'job.offered': route([partners(ACTIVE)]),
  'job.accepted': route([lenders(ACTIVE)]),
  'job.duty_breached': route([lenders(LEADS), partners(LEADS)], ['compliance']),
  'credential.expiring': route([partners(LEADS)], ['compliance']),
  'partner.applied': PARTNER_FAMILY,
  'partner.submitted': PARTNER_FAMILY,
  'partner.approved': PARTNER_FAMILY,
  'partner.rejected': PARTNER_FAMILY,
  'partner.suspended': PARTNER_FAMILY,
  'partner.reinstated': PARTNER_FAMILY,
  'partner.revoked': PARTNER_FAMILY,
  'partner.suspension_notice': PARTNER_FAMILY,
  // Whoever manages the org's integrations must hear that one of its endpoints was switched off.
  'webhook_endpoint.disabled': route([lenders(LEADS), partners(LEADS), buyers(LEADS)]),
  // Field work (issue 12): a hold or cancellation must reach whoever is in the field (DESIGN §6).
  'job.on_hold': route([partners(ACTIVE)]),
  'job.cancelled': route([partners(ACTIVE)]),
  'job.recalled': route([partners(ACTIVE)]),
  'job.returned': route([lenders(LEADS)]),
  'job.completed': route([lenders(LEADS)]),
  'vehicle.recovered': route([lenders(LEADS)]),
  'compliance.alert': route([lenders(LEADS)], ['compliance']),
  // Money (issue 14): what a partner earned, lost or is owed.
  'payment.received': route([partners(LEADS)]),
  'payment.reversed': route([partners(LEADS), lenders(LEADS)]),
  'statement.issued': route([partners(LEADS)]),
  'complaint.filed': route([partners(LEADS)], STAFF),
  'complaint.upheld': route([partners(LEADS), lenders(LEADS)]),
  'complaint.dismissed': route([partners(LEADS), lenders(LEADS)]),
  'partner.suspension_review_opened': route([], STAFF),
  // The partner's leads hear about money paid, refused or taken back; platform admins watch refusals.
  'payout.paid': route([partners(LEADS)]),
  'payout.failed': route([partners(LEADS)], ['admin']),
  'payout.reversed': route([partners(LEADS)], ['admin']),
  'payout_account.updated': route([partners(LEADS)]),
  'job.sla_breached': route([lenders(LEADS), partners(LEADS)]),
  'job.hold_escalated': route([lenders(LEADS), partners(LEADS)], ['compliance']),
  // Buyers act on being outbid (DESIGN §9); the lender and bidders hear how a lot ended.
  'auction.outbid': route([buyers(ACTIVE)]),
  'auction.closed': route([lenders(LEADS), buyers(ACTIVE)]),
  'auction.invoice_issued': route([buyers(ACTIVE)]),
  'auction.cancelled': route([buyers(ACTIVE)]),
  // Release from the yard (DESIGN §7): the buyer and the lender hear of the payment; the yard holding the vehicle gets the release order.
  'auction.invoice_paid': route([buyers(ACTIVE), lenders(LEADS)]),
  'auction.release_ordered': route([partners(ACTIVE), lenders(LEADS), buyers(ACTIVE)]),
  'auction.released': route([partners(LEADS), lenders(LEADS), buyers(ACTIVE)]),
  // When the winner does not pay (issue 15): the buyer offered the lot must answer in time; the lender follows its lot.
  'auction.invoice_defaulted': route([buyers(ACTIVE), lenders(LEADS)]),
  'auction.second_chance_offered': route([buyers(ACTIVE), lenders(LEADS)]),
  'auction.second_chance_accepted': route([buyers(ACTIVE), lenders(LEADS)]),
  'auction.second_chance_declined': route([lenders(LEADS)]),
  'auction.returned_to_lender': route([lenders(LEADS)]),
  'auction.high_bid_accepted': route([buyers(ACTIVE), lenders(LEADS)]),
  // Settlement (issue 16): the lender owes the borrower the §9-616 explanation within 14 days of a request.
  'settlement.completed': route([lenders(LEADS)]),
  'settlement.explanation_overdue': route([lenders(LEADS)], ['compliance']),
};

function routeFor(type: string): Route | undefined {
  return isEventType(type) ? ROUTES[type] : undefined;
}

export interface RoutedEvent {
  readonly type: string;
  readonly org_ids?: readonly string[];
  readonly party_org_ids?: readonly string[];
}

export interface InboxRecipient {
  readonly org_id: string;
  readonly org_kind: OrgKind;
  readonly role: Role;
}

export interface InboxAudience {
  /** Orgs whose members may receive the event; load their users, then filter with `includes`. */
  readonly org_ids: readonly string[];
  /** Platform members with these roles receive it too, whatever the org ids. */
  readonly platform_roles: readonly Role[];
  includes(recipient: InboxRecipient): boolean;
}

export function inboxAudience(event: RoutedEvent): InboxAudience {
  const r = routeFor(event.type) ?? route([]);
  const orgIds = r.parties.length === 0 ? [] : [...new Set([...(event.org_ids ?? []), ...(event.party_org_ids ?? [])])];
  return {
    org_ids: orgIds,
    platform_roles: r.platform,
    includes: ({ org_id, org_kind, role }) =>
      org_kind === 'platform'
        ? r.platform.includes(role)
        : orgIds.includes(org_id) && r.parties.some((p) => p.kinds.includes(org_kind) && p.roles.includes(role)),
  };
}
