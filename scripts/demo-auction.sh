#!/usr/bin/env bash
# Walks one repossessed vehicle from `in_storage` to its release from the yard (issue 15, docs/auctions.md),
# on a running service started against the test Stripe server (see README "Payouts", docs/stripe.md):
#   npm run stripe:test-server          (prints the STRIPE_* variables; start the service with them)
#   STRIPE_SECRET_KEY=sk_test_… bash scripts/demo-auction.sh
# It first runs scripts/demo-field-work.sh (the tow operator recovers the vehicle and stores it), then
# records the notice of plan to sell (a lot cannot be scheduled without one), then:
# three verified buyers hold deposits and bid (proxy maxima; the last bid, in the anti-sniping window,
# moves the end), the close timer sells the lot and invoices the winner, the winner pays by card (the
# deposit captured towards the invoice, a payment intent for the balance, settled by the webhook), the
# sale settles, the yard gets the release order and confirms the pick-up with the buyer's release code.
# The lot is short (about a minute): the script waits for its opening and closing timers.
set -euo pipefail
STRIPE_URL=${STRIPE_URL:-http://127.0.0.1:12111}
: "${STRIPE_SECRET_KEY:?set it to the key the test Stripe server printed}"
source "$(dirname "$0")/demo-field-work.sh"
lot_body() { # lot_body STARTS ENDS — the lot the lender lists (A4)
  printf '%s' "{\"vehicle_id\":\"$VEHICLE\",\"start_price\":$(usd 50000),\"reserve_price\":$(usd 70000),\"deposit_required\":$(usd 30000),\"buyer_premium\":{\"bps\":1000,\"min\":$(usd 15000)},\"starts_at\":\"$1\",\"ends_at\":\"$2\",\"anti_sniping\":{\"window_seconds\":20,\"extension_seconds\":20},\"seller_fees\":[{\"label\":\"auction listing fee\",\"amount\":$(usd 2500)}],\"pickup_location\":{\"name\":\"Hill Country Towing yard\",\"address\":\"1800 E Ben White Blvd, Austin TX\",\"region\":\"US-TX\"}}"
}

step "A1. the vehicle the tow operator stored is in storage"
call "$LENDER" GET "/v1/vehicles/$VEHICLE" | json '({ vehicle: v.id, vin: v.vin, status: v.status })'

step "A2. the notice of plan to sell (UCC §9-611/§9-614): without one, the lot cannot be scheduled"
DRAFT=$(call "$LENDER" POST /v1/auctions "$(lot_body "$(date -u -d '+1 minute' +%FT%T.000Z)" "$(date -u -d '+1 hour' +%FT%T.000Z)")" | json 'v.id')
echo "scheduling a lot before any notice: $(status_of "$LENDER" POST "/v1/auctions/$DRAFT/schedule" '{}')"
call "$LENDER" POST "/v1/auctions/$DRAFT/cancel" '{"reason":"demo: listed before the notice went out"}' >/dev/null
# The lender's mail house sent the notice by certified mail 11 days ago; the lender records it now
# (a notice is recorded once sent, never dated in the future), so the 10-day period has passed.
SENT_ON=$(date -u -d '-11 days' +%F)
call "$LENDER" POST "/v1/vehicles/$VEHICLE/sale-notice" "{\"sent_on\":\"$SENT_ON\",\"method\":\"certified_mail\",\"contact\":{\"name\":\"Recovery desk, Demo Lender\",\"phone\":\"+1 512 555 0100\",\"address\":\"PO Box 100, Austin TX 78701\"},\"expenses\":[{\"label\":\"repossession fee\",\"amount\":$(usd 35000)},{\"label\":\"storage to date\",\"amount\":$(usd 4500)}]}" \
  | json '({ notice: v.id, sent_on: v.sent_on, method: v.method, region: v.region, notice_period_days: v.notice_period_days, earliest_sale_on: v.earliest_sale_on, obligation: v.obligation, expenses: v.expenses, redemption_amount: v.redemption_amount, deficiency_warning: v.deficiency_warning })'

step "A3. three buyers register and are verified by the platform (DESIGN §3)"
BUYERS=()
for n in 1 2 3; do BUYERS+=("$(verified_buyer "$n")"); done

step "A4. the lender lists the vehicle: start 500.00, reserve 700.00, deposit 300.00, premium 10 % (min 150.00), a 25.00 seller fee, a 40 s lot with a 20 s anti-sniping window and extension"
STARTS=$(date -u -d '+2 seconds' +%FT%T.000Z); ENDS=$(date -u -d '+42 seconds' +%FT%T.000Z)
LOT=$(call "$LENDER" POST /v1/auctions "$(lot_body "$STARTS" "$ENDS")" | json 'v.id')
call "$LENDER" POST "/v1/auctions/$LOT/schedule" | json '({ lot: v.id, status: v.status, starts_at: v.starts_at, ends_at: v.ends_at, seller_fees: v.seller_fees })'
wait_for "$LENDER" "/v1/auctions/$LOT" 'v.status === "live"' 30
echo "the opening timer put the lot live"

step "A5. each buyer holds a deposit (a Stripe payment intent with manual capture) and bids a hidden maximum"
for i in 0 1 2; do call "${BUYERS[$i]}" POST /v1/deposits "{\"lot_id\":\"$LOT\",\"payment_method\":\"pm_card_visa\"}" | json '({ deposit: v.id, amount: v.amount, covers_up_to: v.covers_up_to, status: v.status })'; done
bid() { call "${BUYERS[$1]}" POST "/v1/auctions/$LOT/bids" "{\"max_amount\":$(usd "$2")}" | json "({ buyer: $(($1 + 1)), leading: v.leading, current_price: v.current_price.amount, your_max: v.your_max.amount, reserve_met: v.reserve_met, ends_at: v.ends_at })"; }
bid 0 60000
bid 1 80000
call "${BUYERS[0]}" GET "/v1/auctions/$LOT" | json '({ current_price: v.current_price, bid_count: v.bid_count, reserve_met: v.reserve_met, reserve_price: v.reserve_price, my_standing: v.my_standing, time_left_seconds: v.time_left_seconds })'
wait_for "$LENDER" "/v1/auctions/$LOT" 'v.time_left_seconds <= 15' 60
echo "inside the last 20 s: buyer 3 bids, and the end moves to 20 s after the bid"
bid 2 100000

step "A6. the close timer (moved with the end) sells the lot; the losers' holds are released, the winner is invoiced"
wait_for "$LENDER" "/v1/auctions/$LOT" 'v.status === "sold"' 90
call "$LENDER" GET "/v1/auctions/$LOT" | json '({ status: v.status, hammer_price: v.hammer_price, bid_count: v.bid_count, ends_at: v.ends_at, scheduled_ends_at: v.scheduled_ends_at })'
INVOICE=$(call "${BUYERS[2]}" GET /v1/invoices | json "v.data.find((i) => i.lot_id === '$LOT').id")
call "${BUYERS[2]}" GET "/v1/invoices/$INVOICE" | json '({ invoice: v.id, hammer_price: v.hammer_price, buyer_premium: v.buyer_premium, total: v.total, deposit_applied: v.deposit_applied, balance_due: v.balance_due, due_on: v.due_on, status: v.status })'
sleep 2
call "${BUYERS[0]}" GET /v1/me/deposits | json "v.data.filter((d) => d.lot_id === '$LOT').map((d) => ({ buyer: 1, status: d.status, released_at: d.released_at }))"

step "A7. the winner pays by card: the deposit is captured towards the invoice, a payment intent for the balance; the webhook marks it paid"
curl -s -X POST "$BASE/v1/invoices/$INVOICE/payment-intent" -H "Authorization: Bearer ${BUYERS[2]}" -H 'content-type: application/json' -H "Idempotency-Key: demo-pay-$INVOICE" \
  -d '{"payment_method":"pm_card_visa"}' | json '({ payment_intent: v.payment_intent, deposit_captured: v.deposit_captured, invoice_status: v.invoice.status })'
wait_for "${BUYERS[2]}" "/v1/invoices/$INVOICE" 'v.status === "paid"' 20
call "${BUYERS[2]}" GET "/v1/invoices/$INVOICE" | json '({ status: v.status, paid_via: v.paid_via, paid_at: v.paid_at, payment_intent_id: v.payment_intent_id })'
echo "a second payment is refused: $(status_of "${BUYERS[2]}" POST "/v1/invoices/$INVOICE/payment-intent" '{"payment_method":"pm_card_visa"}')"
stripe_test GET /_test/requests | json 'v.requests.filter((r) => r.path.startsWith("/v1/payment_intents") && (r.params.amount_to_capture || r.params.metadata?.reclaim_purpose === "auction_invoice")).map((r) => ({ path: r.path, amount: r.params.amount ?? r.params.amount_to_capture, idempotency_key: r.idempotencyKey, status: r.status }))'
call "${BUYERS[2]}" GET /v1/me/deposits | json "v.data.filter((d) => d.lot_id === '$LOT').map((d) => ({ buyer: 3, status: d.status, captured: d.captured }))"

step "A8. the ledger: the hammer went through the lender's auction escrow into the settlement (§9-615), the premium is platform revenue"
call "$LENDER" GET /v1/settlements | json "v.data.filter((s) => s.lot_id === '$LOT').map((s) => ({ settlement: s.id, outcome: s.figures.outcome, hammer_price: s.figures.hammer_price, expenses: s.figures.expenses_total, surplus: s.figures.surplus, deficiency: s.figures.deficiency }))"
SETTLEMENT=$(call "$LENDER" GET /v1/settlements | json "v.data.find((s) => s.lot_id === '$LOT').id")
call "$LENDER" GET "/v1/settlements/$SETTLEMENT" | json 'v.lines.map((l) => l.line + ". " + l.statute + " " + l.kind + ": " + l.applied.amount + " of " + l.claimed.amount + " (" + l.basis + ")")'
call "$ADMIN" GET "/v1/ledger/transactions?reason=lot&reason_id=$LOT" | json 'v.data.map((t) => ({ memo: t.memo, entries: t.entries.map((e) => e.side + " " + e.purpose + " " + e.amount.amount) }))'

step "A9. the yard's work list has the release order; only the buyer sees the release code"
RELEASE=$(call "$TOW" GET '/v1/releases?status=ordered' | json "v.data.find((r) => r.lot_id === '$LOT').id")
call "$TOW" GET "/v1/releases/$RELEASE" | json '({ release: v.id, holder: v.holder_org_id, vin: v.vehicle.vin, pickup: v.pickup_location.name, release_code: v.release_code, storage: v.storage })'
CODE=$(call "${BUYERS[2]}" GET "/v1/invoices/$INVOICE" | json 'v.release.release_code')
echo "the buyer's release code: $CODE"

step "A10. at the gate: a wrong code is refused and counted; the buyer's code releases the vehicle and the lot"
echo "wrong code: $(status_of "$TOW" POST "/v1/releases/$RELEASE/pick-up" '{"release_code":"WRONG123"}')"
call "$TOW" POST "/v1/releases/$RELEASE/pick-up" "{\"release_code\":\"$CODE\"}" | json '({ status: v.status, picked_up_at: v.picked_up_at, failed_attempts: v.failed_attempts, storage: v.storage })'
call "$LENDER" GET "/v1/vehicles/$VEHICLE" | json '({ vehicle: v.id, status: v.status })'
call "$LENDER" GET "/v1/auctions/$LOT" | json '({ lot: v.id, status: v.status })'
