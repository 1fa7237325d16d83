#!/usr/bin/env bash
# Walks compliance on a running service (`npm start`, demo logins from README.md; issue 13): the
# rule sets in force, "may I contact now?" after 21:00 in the borrower's zone, a contact attempt
# refused by the contact window, seven calls in a week and the refused eighth with the earliest
# moment it would pass, the refusals in the lender's audit log, and a complaint upheld.
#   bash scripts/demo-compliance.sh            (BASE=http://localhost:$PORT, PORT 3000 by default;
#   the admin password from .data/dev-secrets.json, ADMIN_PASSWORD to override)
set -euo pipefail
source "$(dirname "$0")/demo-lib.sh"

LENDER=$(login lender@demo.reclaim.dev "$PASSWORD")
AGENCY=$(login agency@demo.reclaim.dev "$PASSWORD")
ADMIN=$(login admin@demo.reclaim.dev "$ADMIN_PASSWORD")
AGENCY_ORG=$(call "$AGENCY" GET /v1/me | json 'v.org.id')
STAMP=$(date +%s)
refused() { # refused TOKEN PATH BODY — prints a 422 answer (fails on anything else)
  local out status
  out=$(mktemp)
  status=$(curl -s -o "$out" -w '%{http_code}' -X POST "$BASE$2" -H "Authorization: Bearer $1" -H 'content-type: application/json' -d "$3")
  if [[ $status != 422 ]]; then echo "!! POST $2 → $status, expected 422" >&2; cat "$out" >&2; rm -f "$out"; return 1; fi
  echo "HTTP $status"; json '({ code: v.code, errors: v.errors, next_allowed_at: v.next_allowed_at })' <"$out"; rm -f "$out"
}
day() { date -u -d "$1" +%F; }

step "1. the rule sets in force: the default layer, US federal, US-MA, CN"
call "$ADMIN" GET /v1/admin/compliance-rules | json 'v.data.map(s => s.jurisdiction + " v" + s.version + ": " + s.rules.map(r => r.code).join(", "))'

step "2. the demo agency is a vetted partner; a direct collection job on an Austin borrower, accepted"
status=$(curl -s "$BASE/v1/partner-profile" -H "Authorization: Bearer $AGENCY" | json 'v.org_id ? v.status : "none"')
if [[ $status == none ]]; then call "$AGENCY" PUT /v1/partner-profile '{"legal_name":"Gulf Coast Recovery Agency LLC","registration_number":"TX-CA-0042","contacts":[{"name":"Marcus Lee","email":"agency@demo.reclaim.dev"}],"capabilities":["soft_collection","field_visit","skip_trace"],"service_areas":[{"region":"US-TX"}],"capacity":{"max_concurrent_jobs":10}}' >/dev/null; status=applied; fi
if [[ $status == applied ]]; then call "$AGENCY" POST /v1/partner-profile/submit >/dev/null; status=under_review; fi
if [[ $status == under_review ]]; then call "$ADMIN" POST "/v1/admin/partners/$AGENCY_ORG/approve" '{"reason":"demo: documents checked"}' >/dev/null; fi
FEES=$(call "$LENDER" POST /v1/fee-schedules '{"name":"Demo compliance","schedule":{"currency":"USD","contingency_bps":2500}}' | json 'v.id')
CASE=$(call "$LENDER" POST /v1/cases "{\"external_ref\":\"DEMO-CMP-$STAMP\",\"product\":\"auto_loan\",\"currency\":\"USD\",\"principal\":1250000,\"interest\":0,\"fees\":0,\"origination_date\":\"2021-03-15\",\"first_missed_due_date\":\"2024-01-01\",\"borrower\":{\"name\":\"Jordan Demo\",\"phone\":\"+15125550100\",\"address\":{\"line1\":\"100 Congress Ave\",\"city\":\"Austin\",\"postal_code\":\"78701\"},\"national_id\":\"900-00-$((STAMP % 10000))\",\"timezone\":\"America/Chicago\",\"region\":\"US-TX\",\"preferred_language\":\"en\"}}" | json 'v.id')
LISTING=$(call "$LENDER" POST /v1/listings "{\"kind\":\"collection\",\"case_ids\":[\"$CASE\"],\"bidding_mode\":\"direct\",\"direct_partner_id\":\"$AGENCY_ORG\",\"fee_schedule_id\":\"$FEES\",\"bounds\":{\"max_contingency_bps\":3000}}" | json 'v.id')
JOB=$(call "$LENDER" GET "/v1/jobs?listing_id=$LISTING" | json 'v.data[0].id')
call "$AGENCY" POST "/v1/jobs/$JOB/accept" | json '({ job: v.id, status: v.status })'

LATE="$(day 'yesterday')T03:30:00.000Z"
step "3. may I call at $LATE (21:30 or 22:30 in Austin the evening before)?"
call "$AGENCY" POST /v1/compliance/check "{\"case_id\":\"$CASE\",\"channel\":\"call\",\"at\":\"$LATE\"}"

step "4. a call logged at that time is refused, audit-logged, not stored"
refused "$AGENCY" "/v1/jobs/$JOB/events" "{\"type\":\"contact_attempt\",\"channel\":\"call\",\"outcome\":\"no_answer\",\"occurred_at\":\"$LATE\"}"

step "5. seven calls over the last seven days at 17:00 UTC are accepted; the eighth is refused"
for d in 7 6 5 4 3 2 1; do
  call "$AGENCY" POST "/v1/jobs/$JOB/events" "{\"type\":\"contact_attempt\",\"channel\":\"call\",\"outcome\":\"left_message\",\"occurred_at\":\"$(day "$d days ago")T17:00:00.000Z\"}" | json '"accepted: " + v.occurred_at'
done
EIGHTH="$(day 'yesterday')T18:00:00.000Z"
refused "$AGENCY" "/v1/jobs/$JOB/events" "{\"type\":\"contact_attempt\",\"channel\":\"call\",\"outcome\":\"no_answer\",\"occurred_at\":\"$EIGHTH\"}"
call "$LENDER" POST /v1/compliance/check "{\"case_id\":\"$CASE\",\"channel\":\"call\",\"at\":\"$EIGHTH\"}" | json '({ allowed: v.allowed, reasons: v.reasons.map(r => r.citation + ": " + r.message), next_allowed_at: v.next_allowed_at })'

step "6. the lender reads the refusals of its agency's attempts in its audit log"
call "$LENDER" GET "/v1/audit-log?action=compliance.contact_refused&entity_id=$JOB" | json 'v.data.map(e => ({ at: e.created_at, actor_org: e.actor.org_id, rules: e.changes.violations.map(x => x.code) }))'

step "7. a complaint about the job, investigated and upheld by platform staff"
COMPLAINT=$(call "$LENDER" POST /v1/complaints "{\"job_id\":\"$JOB\",\"category\":\"contact_rules\",\"description\":\"the borrower reports calls after 21:00\",\"on_behalf_of_borrower\":true}" | json 'v.id')
call "$ADMIN" POST "/v1/complaints/$COMPLAINT/investigate" '{"reason":"asked the agency for its dialer log"}' >/dev/null
call "$ADMIN" POST "/v1/complaints/$COMPLAINT/uphold" '{"reason":"dialer log confirms two calls after 21:00"}' | json '({ status: v.status, history: v.history.map(h => h.to_status + ": " + h.reason) })'
