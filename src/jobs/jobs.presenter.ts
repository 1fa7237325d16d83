import { Job } from './job.entity';

export function presentJob(j: Job) {
  return {
    id: j.id,
    listing_id: j.listingId,
    award_id: j.awardId,
    lot_key: j.lotKey,
    title: j.title,
    role: j.role,
    kind: j.kind,
    status: j.status,
    lender_org_id: j.lenderOrgId,
    partner_org_id: j.partnerOrgId,
    bid_id: j.bidId,
    case_ids: j.caseIds,
    vehicle_id: j.vehicleId,
    fee_schedule_id: j.feeScheduleId,
    fee_schedule_version: j.frozenTerms.fee_schedule_version,
    fee_schedule: j.frozenTerms.fee_schedule,
    terms: j.frozenTerms.bid_terms,
    effective_fee_schedule: j.frozenTerms.effective_schedule,
    terms_effective_at: j.frozenTerms.effective_at,
    score: j.score,
    offer_round: j.offerRound,
    accept_deadline: j.acceptDeadline.toISOString(),
    offered_at: j.offeredAt.toISOString(),
    accepted_at: j.acceptedAt?.toISOString() ?? null,
    ended_at: j.endedAt?.toISOString() ?? null,
    end_reason: j.endReason,
    created_at: j.createdAt.toISOString(),
    updated_at: j.updatedAt.toISOString(),
  };
}
