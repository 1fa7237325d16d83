#!/usr/bin/env bash
# Walks field work on a running service (`npm start`, demo logins from README.md): a collection
# job (contact attempt, promise to pay tracked, payment report, skip trace, completion on a payment
# plan) with its SLA clocks, and a repossession awarded to the tow operator (it reads the vehicle,
# reports it located, recovered with photos and its personal-property inventory, police notified, stored), then a bankruptcy
# flag putting a running job on hold, the partner's acknowledgment, and the lender's resume once
# the flag is lifted; last, the lender's case timeline and job list (issue 12).
#   bash scripts/demo-field-work.sh            (BASE=http://localhost:$PORT, PORT 3000 by default;
#   the admin password from .data/dev-secrets.json, ADMIN_PASSWORD to override)
set -euo pipefail
source "$(dirname "$0")/demo-lib.sh"

LENDER=$(login lender@demo.reclaim.dev "$PASSWORD")
AGENCY=$(login agency@demo.reclaim.dev "$PASSWORD")
TOW=$(login tow@demo.reclaim.dev "$PASSWORD")
ADMIN=$(login admin@demo.reclaim.dev "$ADMIN_PASSWORD")
AGENCY_ORG=$(call "$AGENCY" GET /v1/me | json 'v.org.id')
TOW_ORG=$(call "$TOW" GET /v1/me | json 'v.org.id')
STAMP=$(date +%s)


step "1. the demo agency and tow operator are vetted partners"
vet "$AGENCY" "$AGENCY_ORG" '{"legal_name":"Gulf Coast Recovery Agency LLC","registration_number":"TX-CA-0042","contacts":[{"name":"Marcus Lee","email":"agency@demo.reclaim.dev"}],"capabilities":["soft_collection","field_visit","skip_trace"],"service_areas":[{"region":"US-TX"}],"capacity":{"max_concurrent_jobs":10}}'
vet "$TOW" "$TOW_ORG" '{"legal_name":"Hill Country Towing LLC","registration_number":"TX-TOW-0007","contacts":[{"name":"Ray Castillo","email":"tow@demo.reclaim.dev"}],"capabilities":["repossession","transport"],"service_areas":[{"region":"US-TX"}],"capacity":{"max_concurrent_jobs":10}}' credentials
COLLECTION_FEES=$(call "$LENDER" POST /v1/fee-schedules '{"name":"Demo field collections","schedule":{"currency":"USD","contingency_bps":2500,"min_fee":{"amount":2500,"currency":"USD"}}}' | json 'v.id')
REPO_FEES=$(call "$LENDER" POST /v1/fee-schedules '{"name":"Demo repossessions","schedule":{"currency":"USD","flat_fees":{"repossession":{"amount":45000,"currency":"USD"}}}}' | json 'v.id')

step "2. collection: a direct offer to the agency, accepted; the agency reads the borrower's contacts (audited, no national id)"
CASE=$(place_case "DEMO-FW-C-$STAMP")
JOB=$(direct_job "{\"kind\":\"collection\",\"case_ids\":[\"$CASE\"],\"bidding_mode\":\"direct\",\"direct_partner_id\":\"$AGENCY_ORG\",\"fee_schedule_id\":\"$COLLECTION_FEES\",\"bounds\":{\"max_contingency_bps\":3000}}")
call "$AGENCY" POST "/v1/jobs/$JOB/accept" | json '({ job: v.id, status: v.status, sla: v.sla })'
call "$AGENCY" GET "/v1/jobs/$JOB/cases/$CASE" | json '({ case: v.external_ref, borrower: v.borrower, balance: v.balance })'

step "3. the agency reports a contact attempt (starts the job), a promise to pay, a payment and a skip-trace result"
# Logged at the last 18:00 UTC (midday in Austin): the compliance rules refuse calls outside 08:00–21:00 local (issue 13).
DAYTIME=$(node -p 'const d=864e5,t=Date.now(),a=Math.floor(t/d)*d+18*36e5;new Date(a>t?a-d:a).toISOString()')
call "$AGENCY" POST "/v1/jobs/$JOB/events" "{\"type\":\"contact_attempt\",\"channel\":\"call\",\"outcome\":\"right_party_contact\",\"contact_used\":\"+15125550100\",\"duration_seconds\":310,\"occurred_at\":\"$DAYTIME\"}" | json '({ type: v.type, outcome: v.outcome, recorded_at: v.recorded_at })'
call "$AGENCY" POST "/v1/jobs/$JOB/events" '{"type":"promise_to_pay","amount":{"amount":150000,"currency":"USD"},"date":"2027-01-15"}' | json '({ type: v.type, amount: v.amount, date: v.date })'
call "$AGENCY" POST "/v1/jobs/$JOB/events" '{"type":"payment_reported","amount":{"amount":50000,"currency":"USD"},"date":"2026-12-01","method":"card","reference":"AUTH-8812"}' | json '({ type: v.type, amount: v.amount, method: v.method })'
call "$AGENCY" POST "/v1/jobs/$JOB/events" '{"type":"skip_trace_result","phone":"+15125550177","employer":{"name":"Capitol Logistics"},"source":"credit bureau","confidence":85}' | json '({ type: v.type, source: v.source })'
call "$AGENCY" GET "/v1/jobs/$JOB/cases/$CASE" | json 'v.contacts.map(c => ({ kind: c.kind, value: c.value, source: c.source, confidence: c.confidence }))'
call "$LENDER" GET "/v1/jobs/$JOB/promises" | json 'v.data.map(p => ({ promised: p.amount, paid: p.paid, status: p.status, due_at: p.due_at }))'
call "$LENDER" GET "/v1/jobs/$JOB" | json '({ first_action_due_at: v.sla.first_action_due_at, silence_due_at: v.sla.silence_due_at, completion_due_at: v.sla.completion_due_at })'

step "4. the lender reads the timeline; the agency completes on a payment plan"
call "$LENDER" GET "/v1/jobs/$JOB/events" | json 'v.data.map(e => e.type + " at " + e.occurred_at)'
call "$AGENCY" POST "/v1/jobs/$JOB/complete" '{"outcome":"payment_plan","note":"3 instalments agreed"}' | json '({ status: v.status, outcome: v.outcome })'
call "$LENDER" GET "/v1/cases/$CASE" | json '({ case: v.id, status: v.status })'

step "5. repossession: a sealed listing of the vehicle, bid on and awarded to the tow operator, accepted; it reads the vehicle and the address"
RCASE=$(place_case "DEMO-FW-R-$STAMP")
VIN=$(a_vin "$STAMP")
VEHICLE=$(call "$LENDER" POST /v1/vehicles "{\"vin\":\"$VIN\",\"case_id\":\"$RCASE\",\"plate\":\"DMO$((STAMP % 10000))\",\"plate_region\":\"US-TX\",\"make\":\"Honda\",\"model\":\"Accord\",\"year\":2019,\"colour\":\"silver\",\"keys_available\":false}" | json 'v.id')
DEADLINE=$(date -u -d '+1 hour' +%FT%TZ)
RLISTING=$(call "$LENDER" POST /v1/listings "{\"kind\":\"repossession\",\"vehicle_id\":\"$VEHICLE\",\"bidding_mode\":\"sealed\",\"deadline\":\"$DEADLINE\",\"fee_schedule_id\":\"$REPO_FEES\",\"bounds\":{\"max_flat_fee\":{\"amount\":45000,\"currency\":\"USD\"}},\"auto_recall_on_breach\":true}" | json 'v.id')
call "$TOW" GET "/v1/listings/$RLISTING" | json '({ listing: v.title, cases: v.cases.map(c => ({ region: c.region, days_past_due: c.days_past_due, balance_band: c.balance_band, vehicle: c.vehicle })) })'
call "$TOW" POST "/v1/listings/$RLISTING/bids" '{"flat_fee":{"amount":42000,"currency":"USD"},"sla":{"first_action_hours":12,"completion_days":10}}' | json '({ bid: v.id, sla: v.sla })'
RJOB=$(call "$LENDER" POST "/v1/listings/$RLISTING/award" '{"auto":true}' | json 'v.jobs[0].id')
call "$TOW" POST "/v1/jobs/$RJOB/accept" | json '({ job: v.id, status: v.status, sla: v.sla })'
call "$TOW" GET "/v1/jobs/$RJOB/cases/$RCASE" | json '({ vehicle: v.vehicle, address: v.borrower.address, phone: v.borrower.phone })'

step "6. a letter of authorisation for the field, checked on the spot; located (LPR), recovered with photos and its inventory, police notified (the recovery started the jurisdiction's duties), stored; the vehicle moves with each report"
CODE=$(call "$TOW" POST "/v1/jobs/$RJOB/authorisations" '{"language":"en"}' | json 'v.verification_code')
curl -s "$BASE/v1/verify/$CODE" | json '({ verify: "GET /v1/verify/<code>", valid: v.valid, partner: v.partner_name, valid_until: v.valid_until })'
photo() { # photo KIND — uploads a (tiny) JPEG as evidence of the job and prints its id
  local file; file=$(mktemp --suffix=.jpg); printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9' >"$file"
  curl -sf "$BASE/v1/jobs/$RJOB/evidence" -H "Authorization: Bearer $TOW" -F kind="$1" -F "file=@$file;type=image/jpeg" | json 'v.id'; rm -f "$file"
}
call "$TOW" POST "/v1/jobs/$RJOB/events" '{"type":"vehicle_located","position":{"latitude":30.2672,"longitude":-97.7431},"source":"lpr"}' | json '({ type: v.type, source: v.source })'
CAR_PHOTO=$(photo recovery_photo); SEAT_PHOTO=$(photo personal_effect_photo)
call "$TOW" POST "/v1/jobs/$RJOB/events" "{\"type\":\"vehicle_recovered\",\"mode\":\"involuntary\",\"odometer\":81230,\"keys_recovered\":false,\"condition_report\":{\"notes\":\"scratch on rear bumper\"},\"photo_document_ids\":[\"$CAR_PHOTO\"],\"personal_property\":[{\"description\":\"child car seat\",\"photo_document_ids\":[\"$SEAT_PHOTO\"]},{\"description\":\"sunglasses\"}]}" | json '({ type: v.type, mode: v.mode, personal_property: v.personal_property })'
call "$TOW" GET "/v1/jobs/$RJOB/duties" | json 'v.data.map((d) => ({ duty: d.duty, citation: d.citation, due_at: d.due_at, status: d.status }))'
call "$TOW" POST "/v1/jobs/$RJOB/events" '{"type":"police_notified","report_number":"APD-2026-118","agency":"Austin Police Department"}' | json '({ type: v.type })'
call "$TOW" GET "/v1/jobs/$RJOB/duties" | json 'v.data.map((d) => ({ duty: d.duty, status: d.status, fulfilled_at: d.fulfilled_at }))'
call "$TOW" POST "/v1/jobs/$RJOB/events" '{"type":"vehicle_stored","yard_id":"00000000-0000-4000-8000-000000000001"}' | json '({ type: v.type })'
call "$LENDER" GET "/v1/vehicles/$VEHICLE" | json '({ vehicle: v.id, status: v.status, last_position: v.last_position })'
call "$TOW" POST "/v1/jobs/$RJOB/complete" '{"outcome":"vehicle_recovered"}' | json '({ status: v.status, outcome: v.outcome })'

step "7. a hold reaches the vendor at once: bankruptcy on a running case, acknowledgment, resume after the flag is lifted"
HCASE=$(place_case "DEMO-FW-H-$STAMP")
HJOB=$(direct_job "{\"kind\":\"collection\",\"case_ids\":[\"$HCASE\"],\"bidding_mode\":\"direct\",\"direct_partner_id\":\"$AGENCY_ORG\",\"fee_schedule_id\":\"$COLLECTION_FEES\",\"bounds\":{\"max_contingency_bps\":3000}}")
call "$AGENCY" POST "/v1/jobs/$HJOB/accept" >/dev/null
call "$AGENCY" POST "/v1/jobs/$HJOB/start" >/dev/null
call "$LENDER" POST "/v1/cases/$HCASE/flags" '{"flag":"bankruptcy","reason":"chapter 7 petition filed"}' >/dev/null
call "$AGENCY" GET "/v1/jobs/$HJOB" | json '({ status: v.status, hold: v.hold })'
curl -s -X POST "$BASE/v1/jobs/$HJOB/events" -H "Authorization: Bearer $AGENCY" -H 'content-type: application/json' -d '{"type":"note","text":"calling anyway"}' | json '({ refused: v.code, detail: v.detail })'
call "$AGENCY" POST "/v1/jobs/$HJOB/acknowledge-hold" | json '({ status: v.status, acknowledged_at: v.hold.acknowledged_at })'
call "$LENDER" DELETE "/v1/cases/$HCASE/flags/bankruptcy" '{"reason":"petition dismissed"}' >/dev/null
call "$LENDER" POST "/v1/jobs/$HJOB/resume" | json '({ status: v.status })'

step "8. the lender's views: the case timeline (case history merged with its job's reports) and the job list"
call "$LENDER" GET "/v1/cases/$CASE/timeline?limit=20" | json 'v.data.map(e => e.at + "  " + e.source.padEnd(8) + " " + e.type)'
call "$LENDER" GET "/v1/jobs?limit=3" | json 'v.data.map(j => ({ job: j.listing_title, kind: j.kind, status: j.status, partner: j.partner_name, cases: j.case_summary.case_count, balance: j.case_summary.total_balance }))'
call "$LENDER" GET "/v1/jobs?sla=breached" | json '({ jobs_with_a_breached_sla: v.data.length })'
