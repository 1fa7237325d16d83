#!/usr/bin/env bash
# Walks one listing from publish to accepted job against a running service (`npm start`), with the
# demo logins from README.md: the admin vets the demo agency (once), the lender publishes a sealed
# listing of one of its cases with a fee schedule, the agency sees it and bids, the lender reads
# the scored bids and awards, the agency accepts the job.
#   bash scripts/demo-marketplace.sh            (BASE=http://localhost:$PORT, PORT 3000 by default)
# The platform admin's password is the one `npm start` generated (ADMIN_PASSWORD to override).
set -euo pipefail
source "$(dirname "$0")/demo-lib.sh"

LENDER=$(login lender@demo.reclaim.dev "$PASSWORD")
AGENCY=$(login agency@demo.reclaim.dev "$PASSWORD")
ADMIN=$(login admin@demo.reclaim.dev "$ADMIN_PASSWORD")
AGENCY_ORG=$(call "$AGENCY" GET /v1/me | json 'v.org.id')

step "1. the demo agency is a vetted partner (soft collection in US-TX, 10 concurrent jobs)"
STATUS=$(curl -s "$BASE/v1/partner-profile" -H "Authorization: Bearer $AGENCY" | json 'v.org_id ? v.status : "none"')
if [[ $STATUS == none ]]; then
  call "$AGENCY" PUT /v1/partner-profile '{"legal_name":"Gulf Coast Recovery Agency LLC","registration_number":"TX-CA-0042","contacts":[{"name":"Marcus Lee","email":"agency@demo.reclaim.dev"}],"capabilities":["soft_collection","field_visit","skip_trace"],"service_areas":[{"region":"US-TX"}],"capacity":{"max_concurrent_jobs":10}}' >/dev/null
  STATUS=applied
fi
if [[ $STATUS == applied ]]; then call "$AGENCY" POST /v1/partner-profile/submit >/dev/null; STATUS=under_review; fi
if [[ $STATUS == under_review ]]; then call "$ADMIN" POST "/v1/admin/partners/$AGENCY_ORG/approve" '{"reason":"demo: documents checked"}' >/dev/null; fi
curl -s "$BASE/v1/partner-profile" -H "Authorization: Bearer $AGENCY" | json '({ org: v.org_id, status: v.status, capabilities: v.capabilities })'

step "2. the lender's fee schedule (contingency by bucket, minimum, cap) and a quote"
SCHEDULE=$(call "$LENDER" POST /v1/fee-schedules '{"name":"Demo collections","schedule":{"currency":"USD","contingency_bps":{"M1":1500,"M2":2000,"M3":2500,"M4+":3500},"min_fee":{"amount":2500,"currency":"USD"},"cap":{"amount":500000,"currency":"USD"}}}' | json 'v.id')
call "$LENDER" POST /v1/fee-schedules/quote "{\"fee_schedule_id\":\"$SCHEDULE\",\"outcome\":{\"amount_recovered\":{\"amount\":123457,\"currency\":\"USD\"},\"bucket\":\"M3\"}}" | json '({ lines: v.lines.map(l => l.code + ": " + l.basis + " = " + l.amount.amount), total: v.total })'

step "3. publish a sealed listing of one new, delinquent case (deadline in one hour)"
CASE=$(call "$LENDER" GET '/v1/cases?status=new&region=US-TX&bucket=M1,M2,M3,M4%2B&flags=none&limit=1' | json 'v.data[0] ? v.data[0].id : ""')
if [[ -z $CASE ]]; then
  CASE=$(call "$LENDER" POST /v1/cases "{\"external_ref\":\"DEMO-MKT-$(date +%s)\",\"product\":\"auto_loan\",\"currency\":\"USD\",\"principal\":1250000,\"interest\":48210,\"fees\":3500,\"origination_date\":\"2021-03-15\",\"first_missed_due_date\":\"2024-01-01\",\"borrower\":{\"name\":\"Jordan Demo\",\"phone\":\"+15125550100\",\"timezone\":\"America/Chicago\",\"region\":\"US-TX\",\"preferred_language\":\"en\"}}" | json 'v.id')
fi
DEADLINE=$(node -pe 'new Date(Date.now() + 3600e3).toISOString()')
LISTING=$(call "$LENDER" POST /v1/listings "{\"kind\":\"collection\",\"case_ids\":[\"$CASE\"],\"bidding_mode\":\"sealed\",\"deadline\":\"$DEADLINE\",\"fee_schedule_id\":\"$SCHEDULE\",\"bounds\":{\"max_contingency_bps\":3000,\"sla\":{\"first_action_hours\":{\"max\":48}}}}" | json 'v.id')
echo "listing $LISTING (case $CASE)"

step "4. the agency sees it (PII masked) and bids"
call "$AGENCY" GET "/v1/listings/$LISTING" | json '({ id: v.id, status: v.status, regions: v.regions, fee_schedule: v.fee_schedule.schedule, bounds: v.bounds, cases: v.cases.map(c => ({ bucket: c.bucket, balance: c.balance, borrower: c.borrower })) })'
BID=$(call "$AGENCY" POST "/v1/listings/$LISTING/bids" '{"contingency_bps":2200,"sla":{"first_action_hours":12,"completion_days":30},"note":"two field visitors in Travis County"}' | json 'v.id')
echo "bid $BID"

step "5. the lender reads the scored bids and awards"
call "$LENDER" GET "/v1/listings/$LISTING/bids" | json 'v.data.map(b => ({ id: b.id, rank: b.rank, score: b.score, breakdown: Object.fromEntries(Object.entries(b.breakdown).map(([k, c]) => [k, c.value + " × " + c.weight + " = " + c.contribution])) }))'
JOB=$(call "$LENDER" POST "/v1/listings/$LISTING/award" "{\"selections\":[{\"bid_id\":\"$BID\"}]}" | json 'v.jobs[0].id')
echo "job $JOB offered"

step "6. the agency accepts the job before its accept deadline"
call "$AGENCY" POST "/v1/jobs/$JOB/accept" | json '({ id: v.id, status: v.status, accepted_at: v.accepted_at, terms: v.terms, effective_fee_schedule: v.effective_fee_schedule })'
call "$LENDER" GET "/v1/cases/$CASE" | json '({ case: v.id, status: v.status })'
