#!/usr/bin/env bash
# Walks one collection job from a reported payment to the partner's payout through Stripe Connect,
# on a running service started against the test Stripe server (issue 14, docs/stripe.md):
#   npm run stripe:test-server          (prints the STRIPE_* variables; start the service with them)
#   STRIPE_SECRET_KEY=sk_test_… bash scripts/demo-payouts.sh
# It first runs scripts/demo-marketplace.sh (a listing awarded and accepted), then: the agency
# reports a payment, the lender confirms it (allocation, commission at the frozen terms), the agency
# issues its statement, opens its payout account (the test server completes onboarding), and is
# paid its net payable by a Connect transfer. STRIPE_URL defaults to http://127.0.0.1:12111.
set -euo pipefail
STRIPE_URL=${STRIPE_URL:-http://127.0.0.1:12111}
: "${STRIPE_SECRET_KEY:?set it to the key the test Stripe server printed}"
source "$(dirname "$0")/demo-marketplace.sh"
stripe_test() { curl -sf -X "$1" "$STRIPE_URL$2" -H "Authorization: Bearer $STRIPE_SECRET_KEY"; }

step "7. the agency reports a payment the borrower made"
REPORTED=$(call "$AGENCY" POST "/v1/jobs/$JOB/events" "{\"type\":\"payment_reported\",\"amount\":{\"amount\":50000,\"currency\":\"USD\"},\"date\":\"$(date -u +%F)\",\"method\":\"card\",\"reference\":\"AUTH-$(date +%s)\"}" | json 'v.id')
echo "payment_reported event $REPORTED"

step "8. the lender confirms it: allocated fees → interest → principal, the commission at the job's frozen terms"
call "$LENDER" POST "/v1/cases/$CASE/payments" "{\"amount\":{\"amount\":50000,\"currency\":\"USD\"},\"received_on\":\"$(date -u +%F)\",\"method\":\"card\",\"reference\":\"CONF-$(date +%s)\",\"reported_event_id\":\"$REPORTED\"}" |
  json '({ id: v.id, allocation: v.allocation, commission: v.commission })'

step "9. the agency issues its statement: each line the fee engine's basis, the net payable"
STATEMENT=$(call "$AGENCY" POST /v1/statements '{"currency":"USD"}')
echo "$STATEMENT" | json '({ id: v.id, status: v.status, lender_owes: v.lender_owes, platform_keeps: v.platform_keeps, net_payable: v.net_payable, lines: v.lines.map(l => l.basis.map(b => b.code + ": " + b.basis + " = " + b.amount.amount).join("; ")) })'
STATEMENT_ID=$(echo "$STATEMENT" | json 'v.id')

step "10. the agency opens its Stripe payout account; the test Stripe server completes its onboarding"
ACCOUNT=$(call "$AGENCY" POST /v1/partner-profile/payout-account | json 'v.stripe_account_id')
stripe_test POST "/_test/accounts/$ACCOUNT/complete_onboarding" >/dev/null
sleep 1
call "$AGENCY" GET /v1/partner-profile/payout-account | json '({ account: v.stripe_account_id, status: v.status, payouts_enabled: v.payouts_enabled })'

step "11. the agency is paid the statement's net payable by a Connect transfer (the statement id keys it)"
call "$AGENCY" POST /v1/payouts "{\"statement_id\":\"$STATEMENT_ID\"}" | json '({ id: v.id, status: v.status, amount: v.amount, stripe_transfer_id: v.stripe_transfer_id })'
stripe_test GET /_test/requests | json 'v.requests.filter(r => r.path === "/v1/transfers").map(r => ({ status: r.status, idempotency_key: r.idempotencyKey, amount: r.params.amount, destination: r.params.destination }))'
sleep 1
call "$AGENCY" GET /v1/payouts | json 'v.data.map(p => ({ id: p.id, status: p.status, amount: p.amount, confirmed_at: p.confirmed_at }))'
call "$AGENCY" GET "/v1/statements/$STATEMENT_ID" | json '({ statement: v.id, status: v.status, payout: v.payout })'
