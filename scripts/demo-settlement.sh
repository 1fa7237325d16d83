#!/usr/bin/env bash
# Sale settlement end to end (issue 16, docs/settlement.md) on a running service started against the
# test Stripe server (docs/stripe.md):
#   npm run stripe:test-server          (prints the STRIPE_* variables; start the service with them)
#   STRIPE_SECRET_KEY=sk_test_… STRIPE_URL=http://127.0.0.1:<port> bash scripts/demo-settlement.sh
# Two repossessed vehicles, recovered and stored by the tow operator on frozen terms (45.00 per
# repossession, storage 25.00 a day after 3 free days), go to two lots with different hammer prices.
# The lender records its settlement inputs (a rebate, a cancelled add-on, reconditioning, a legal fee
# under the agreement's clause, a junior lien's demand, the explanation's contact). The winner pays
# both invoices by card; each payment settles its sale (UCC §9-615) in the same transaction. The
# script prints each settlement's lines and ledger posting, the §9-616 explanation (JSON, and the
# first lines of the printable page: one in English, one in 简体中文), marks the surplus paid, and
# places the deficiency for collection and lists the case in one call.
set -euo pipefail
STRIPE_URL=${STRIPE_URL:-http://127.0.0.1:12111}
: "${STRIPE_SECRET_KEY:?set it to the key the test Stripe server printed}"
source "$(dirname "$0")/demo-lib.sh"

LENDER=$(login lender@demo.reclaim.dev "$PASSWORD")
TOW=$(login tow@demo.reclaim.dev "$PASSWORD")
ADMIN=$(login admin@demo.reclaim.dev "$ADMIN_PASSWORD")
TOW_ORG=$(call "$TOW" GET /v1/me | json 'v.org.id')
STAMP=$(date +%s)
iso() { date -u -d "$1" +%FT%T.000Z; } # iso '-12 days'
balances() { # balances FILE — "party account balance" lines (USD) of the accounts a sale moves, written to FILE
  { call "$LENDER" GET '/v1/ledger/balances?limit=100' | json 'v.data.filter((a) => ["auction_escrow", "lender_receivable", "borrower_surplus_payable"].includes(a.purpose) && a.balance.currency === "USD").map((a) => "lender " + a.purpose + " " + a.balance.amount).join("\n")'
    call "$TOW" GET '/v1/ledger/balances?purpose=partner_payable' | json 'v.data.filter((a) => a.balance.currency === "USD").map((a) => "tow_operator " + a.purpose + " " + a.balance.amount).join("\n")'
    call "$ADMIN" GET '/v1/ledger/balances?purpose=platform_revenue&limit=100' | json 'v.data.filter((a) => a.org_id === null && a.balance.currency === "USD").map((a) => "platform " + a.purpose + " " + a.balance.amount).join("\n")'
  } | grep . >"$1" || true
}
changes() { # changes BEFORE AFTER — each account's change and its balance now
  awk 'FILENAME == ARGV[1] { was[$1 " " $2] = $3; next } { printf "%-13s %-25s %+11d   (balance now %d)\n", $1, $2, $3 - was[$1 " " $2], $3 }' "$1" "$2"
}
BEFORE=$(mktemp); AFTER=$(mktemp); trap 'rm -f "$BEFORE" "$AFTER"' EXIT
balances "$BEFORE"

step "1. the tow operator is a vetted partner; the lender's repossession terms price storage (25.00 a day after 3 free days)"
vet "$TOW" "$TOW_ORG" '{"legal_name":"Hill Country Towing LLC","registration_number":"TX-TOW-0007","contacts":[{"name":"Ray Castillo","email":"tow@demo.reclaim.dev"}],"capabilities":["repossession","transport"],"service_areas":[{"region":"US-TX"}],"capacity":{"max_concurrent_jobs":10}}' credentials
REPO_FEES=$(call "$LENDER" POST /v1/fee-schedules "{\"name\":\"Demo repossessions with storage $STAMP\",\"schedule\":{\"currency\":\"USD\",\"flat_fees\":{\"repossession\":$(usd 45000)},\"storage_per_day\":$(usd 2500),\"free_storage_days\":3}}" | json 'v.id')
COLLECTION_FEES=$(call "$LENDER" POST /v1/fee-schedules "{\"name\":\"Demo deficiency collections $STAMP\",\"schedule\":{\"currency\":\"USD\",\"contingency_bps\":2500}}" | json 'v.id')
echo "repossession terms $REPO_FEES, collection terms $COLLECTION_FEES"

repossessed() { # repossessed N LANGUAGE STORED_AGO — a case and its vehicle, repossessed and stored STORED_AGO, the job completed; sets CASE_N, VEHICLE_N
  local n=$1 case vehicle job
  case=$(place_case "DEMO-SETTLE-$n-$STAMP" "$2")
  vehicle=$(call "$LENDER" POST /v1/vehicles "{\"vin\":\"$(a_vin $((STAMP + n)))\",\"case_id\":\"$case\",\"plate\":\"STL$n$((STAMP % 1000))\",\"plate_region\":\"US-TX\",\"make\":\"Toyota\",\"model\":\"Camry\",\"year\":2020}" | json 'v.id')
  job=$(direct_job "{\"kind\":\"repossession\",\"vehicle_id\":\"$vehicle\",\"bidding_mode\":\"direct\",\"direct_partner_id\":\"$TOW_ORG\",\"fee_schedule_id\":\"$REPO_FEES\",\"bounds\":{\"max_flat_fee\":$(usd 45000)}}")
  call "$TOW" POST "/v1/jobs/$job/accept" >/dev/null
  call "$TOW" POST "/v1/jobs/$job/events" "{\"type\":\"vehicle_recovered\",\"mode\":\"involuntary\",\"odometer\":6100$n,\"keys_recovered\":true,\"occurred_at\":\"$(iso "$3 -1 hour")\"}" >/dev/null
  call "$TOW" POST "/v1/jobs/$job/events" "{\"type\":\"vehicle_stored\",\"yard_id\":\"00000000-0000-4000-8000-000000000001\",\"occurred_at\":\"$(iso "$3")\"}" >/dev/null
  call "$TOW" POST "/v1/jobs/$job/complete" '{"outcome":"vehicle_recovered"}' >/dev/null
  call "$LENDER" POST "/v1/vehicles/$vehicle/sale-notice" "{\"sent_on\":\"$(date -u -d '-11 days' +%F)\",\"method\":\"certified_mail\",\"contact\":{\"name\":\"Recovery desk, Demo Lender\",\"phone\":\"+1 512 555 0100\",\"address\":\"PO Box 100, Austin TX 78701\"},\"expenses\":[{\"label\":\"repossession fee\",\"amount\":$(usd 45000)}]}" >/dev/null
  printf -v "CASE_$n" '%s' "$case"; printf -v "VEHICLE_$n" '%s' "$vehicle"
  call "$LENDER" GET "/v1/cases/$case" | json "({ vehicle: $n, case: v.id, borrower_language: '$2', stored: '$3', total_due: v.balances.total_due, job: '$job' })"
}

step "2. two vehicles repossessed (a 13,017.10 loan each): vehicle 1 stored 12 days ago, vehicle 2 two days ago (borrower reads 简体中文); the notice of plan to sell went out 11 days ago"
repossessed 1 en '-12 days'
repossessed 2 zh-CN '-2 days'

step "3. the lender records what the settlements will be computed on (POST/PUT /v1/vehicles/:id/settlement-inputs/…)"
I1="/v1/vehicles/$VEHICLE_1/settlement-inputs"; I2="/v1/vehicles/$VEHICLE_2/settlement-inputs"
call "$LENDER" POST "$I1/credits" "{\"type\":\"unearned_interest_rebate\",\"amount\":$(usd 15000),\"basis\":\"rebate of unearned finance charge (actuarial method)\"}" >/dev/null
call "$LENDER" POST "$I1/reconditioning" "{\"amount\":$(usd 20000),\"description\":\"two tyres, detailing\",\"invoice_ref\":\"INV-$STAMP-1\"}" >/dev/null
call "$LENDER" PUT "$I1/legal-fees-agreement" '{"clause":"Retail installment contract §14 (reasonable attorney’s fees)"}' >/dev/null
call "$LENDER" POST "$I1/legal-expenses" "{\"amount\":$(usd 30000),\"description\":\"replevin counsel\",\"invoice_ref\":\"LAW-$STAMP\"}" >/dev/null
call "$LENDER" POST "$I1/subordinate-liens" "{\"holder\":\"Second Street Credit Union\",\"amount\":$(usd 50000),\"demand_received_at\":\"$(iso '-3 days')\"}" >/dev/null
call "$LENDER" PUT "$I1/explanation-contact" '{"phone":"+1 800 555 0100","address":"1 Finance Way, Austin TX 78701"}' >/dev/null
call "$LENDER" POST "$I2/credits" "{\"type\":\"add_on_refund\",\"amount\":$(usd 25000),\"basis\":\"GAP contract cancelled, pro-rata refund\"}" >/dev/null
echo "a legal fee before the agreement's clause is recorded: $(status_of "$LENDER" POST "$I2/legal-expenses" "{\"amount\":$(usd 30000),\"description\":\"demand letter\",\"invoice_ref\":\"LAW-X\"}")"
call "$LENDER" PUT "$I2/explanation-contact" '{"phone":"+1 800 555 0100"}' >/dev/null
call "$LENDER" GET "$I1" | json '({ vehicle: 1, credits: v.credits.map((c) => c.type + " " + c.amount.amount), reconditioning: v.reconditioning.map((r) => r.invoice_ref + " " + r.amount.amount), legal_fees: { clause: v.legal_fees.agreement_clause, expenses: v.legal_fees.expenses.map((e) => e.invoice_ref + " " + e.amount.amount) }, liens: v.subordinate_liens.map((l) => l.holder + " " + l.amount.amount + ", demand " + l.demand_received_at), contact: v.explanation_contact })'
call "$LENDER" GET "$I2" | json '({ vehicle: 2, credits: v.credits.map((c) => c.type + " " + c.amount.amount), legal_fees: v.legal_fees, contact: v.explanation_contact })'

step "4. two buyers, verified; two 30-second lots (deposit 2,000.00, premium 10 % min 150.00, a 25.00 seller fee)"
BUYERS=()
for n in 1 2; do BUYERS+=("$(verified_buyer "$n")"); done
STARTS=$(iso '+3 seconds'); ENDS=$(iso '+33 seconds')
lot() { call "$LENDER" POST /v1/auctions "{\"vehicle_id\":\"$1\",\"start_price\":$(usd 50000),\"deposit_required\":$(usd 200000),\"buyer_premium\":{\"bps\":1000,\"min\":$(usd 15000)},\"starts_at\":\"$STARTS\",\"ends_at\":\"$ENDS\",\"anti_sniping\":{\"window_seconds\":5,\"extension_seconds\":5},\"seller_fees\":[{\"label\":\"auction listing fee\",\"amount\":$(usd 2500)}],\"pickup_location\":{\"name\":\"Hill Country Towing yard\",\"address\":\"1800 E Ben White Blvd, Austin TX\",\"region\":\"US-TX\"}}" | json 'v.id'; }
LOT_1=$(lot "$VEHICLE_1"); LOT_2=$(lot "$VEHICLE_2")
for l in "$LOT_1" "$LOT_2"; do call "$LENDER" POST "/v1/auctions/$l/schedule" >/dev/null; done
wait_for "$LENDER" "/v1/auctions/$LOT_2" 'v.status === "live"' 30
echo "lots $LOT_1 and $LOT_2 are live until $ENDS"

step "5. each buyer holds a deposit on both lots and bids a hidden maximum: lot 1 16,000.00 / 18,000.00, lot 2 5,000.00 / 6,500.00"
bid() { # bid BUYER LOT MAX
  call "${BUYERS[$1]}" POST /v1/deposits "{\"lot_id\":\"$2\",\"payment_method\":\"pm_card_visa\"}" >/dev/null
  call "${BUYERS[$1]}" POST "/v1/auctions/$2/bids" "{\"max_amount\":$(usd "$3")}" | json "({ buyer: $(($1 + 1)), lot: '$2'.slice(0, 8), max: $3, leading: v.leading, current_price: v.current_price.amount })"
}
bid 0 "$LOT_1" 1600000; bid 1 "$LOT_1" 1800000
bid 0 "$LOT_2" 500000; bid 1 "$LOT_2" 650000

step "6. the close timers sell both lots to buyer 2; buyer 2 pays both invoices by card (deposit captured, a payment intent for the balance); the webhook marks them paid and each sale settles"
for l in "$LOT_1" "$LOT_2"; do wait_for "$LENDER" "/v1/auctions/$l" 'v.status === "sold"' 90; done
for i in 1 2; do
  lot_id=LOT_$i
  invoice=$(call "${BUYERS[1]}" GET /v1/invoices | json "v.data.find((x) => x.lot_id === '${!lot_id}').id")
  curl -s -X POST "$BASE/v1/invoices/$invoice/payment-intent" -H "Authorization: Bearer ${BUYERS[1]}" -H 'content-type: application/json' -H "Idempotency-Key: demo-settle-$invoice" -d '{"payment_method":"pm_card_visa"}' >/dev/null
  wait_for "${BUYERS[1]}" "/v1/invoices/$invoice" 'v.status === "paid"' 20
  call "${BUYERS[1]}" GET "/v1/invoices/$invoice" | json "({ lot: $i, hammer_price: v.hammer_price.amount, buyer_premium: v.buyer_premium.amount, total: v.total.amount, deposit_applied: v.deposit_applied.amount, status: v.status, paid_via: v.paid_via })"
done
wait_for "$LENDER" /v1/settlements "v.data.some((s) => s.lot_id === '$LOT_2')" 20
SETTLEMENT_1=$(call "$LENDER" GET /v1/settlements | json "v.data.find((s) => s.lot_id === '$LOT_1').id")
SETTLEMENT_2=$(call "$LENDER" GET /v1/settlements | json "v.data.find((s) => s.lot_id === '$LOT_2').id")

show_settlement() { # show_settlement N ID — its lines in §9-615(a) order, its figures, its ledger posting
  local body
  body=$(call "$LENDER" GET "/v1/settlements/$2")
  echo "settlement $1: $2"
  json 'v.lines.map((l) => String(l.line).padStart(2) + "  " + l.statute.padEnd(18) + " " + (l.step + ":" + l.kind).padEnd(34) + " claimed " + String(l.claimed.amount).padStart(8) + "  applied " + String(l.applied.amount).padStart(8) + "  " + (l.payee ?? "") + " — " + l.basis).join("\n")' <<<"$body"
  json '({ outcome: v.figures.outcome, hammer_price: v.figures.hammer_price.amount, proceeds_applied: v.figures.proceeds_applied.amount, distributed: v.figures.distributed.amount, obligation: v.figures.obligation.amount, credits: v.figures.credits.amount, obligation_net: v.figures.obligation_net.amount, expenses_total: v.figures.expenses_total.amount, surplus: v.figures.surplus.amount, deficiency: v.figures.deficiency.amount, ledger_transaction_ids: v.ledger_transaction_ids })' <<<"$body"
  echo "Σ applied = $(json 'v.lines.filter((l) => l.step !== "credit" && l.step !== "excluded").reduce((t, l) => t + l.applied.amount, 0)' <<<"$body") = proceeds $(json 'v.figures.proceeds_applied.amount' <<<"$body")"
  echo "its ledger transaction (platform view):"
  call "$ADMIN" GET "/v1/ledger/transactions?reason=settlement&reason_id=$2" | json "v.data.map((t) => t.entries.map((e) => e.side.padEnd(6) + ' ' + (e.purpose + (e.org_id === '$TOW_ORG' ? ' (tow operator)' : e.org_id ? ' (lender)' : ' (platform)')).padEnd(42) + String(e.amount.amount).padStart(9) + '  ' + (e.memo ?? '')).join('\n')).join('\n--\n')"
  echo "the tow operator sees only its own lines: $(call "$TOW" GET "/v1/settlements/$2" | json 'v.lines.map((l) => l.kind + " " + l.applied.amount).join(", ") + " (figures: " + v.figures + ")"')"
}

step "7. settlement 1 — a surplus: expenses (repossession, storage after the free days, reconditioning, seller fee, legal fee under the clause), the obligation net of the rebate, the junior lien, the rest to the borrower"
show_settlement 1 "$SETTLEMENT_1"

step "8. settlement 2 — a deficiency: the proceeds pay the expenses and part of the obligation (net of the add-on refund); the case keeps the rest"
show_settlement 2 "$SETTLEMENT_2"

step "9. what the two sales did to the balances (GET /v1/ledger/balances, change since this demo started)"
echo "expected: the lender's escrow back to 0 (hammers in, settled out); lender_receivable (debit-normal) down by what the platform now owes the lender: the obligations paid and its own expenses; the borrower's surplus payable up by settlement 1's surplus; the tow operator's payable up by its fees; the platform's revenue up by the two buyer premiums only"
balances "$AFTER"; changes "$BEFORE" "$AFTER"

step "10. the §9-616 explanation of settlement 1 (JSON, items in the statute's order) and its printable page (en)"
call "$LENDER" GET "/v1/settlements/$SETTLEMENT_1/explanation" | json '({ "(c)(1) aggregate_obligation": v.aggregate_obligation, "(c)(2) proceeds": v.proceeds, "(c)(3) obligation_less_proceeds": v.obligation_less_proceeds, "(c)(4) expenses": v.expenses, "(c)(5) credits": v.credits, "(c)(6) result": v.result, lienholder_payments: v.lienholder_payments, "(a)(1)(C) future_changes_statement": v.future_changes_statement, "(a)(1)(D) contact": v.contact })'
curl -s "$BASE/v1/settlements/$SETTLEMENT_1/explanation?format=html" -H "Authorization: Bearer $LENDER" | sed -n '/<body>/,/<\/table>/p'

step "11. the explanation of settlement 2, in the borrower's language (简体中文): JSON and the first lines of the page"
call "$LENDER" GET "/v1/settlements/$SETTLEMENT_2/explanation" | json 'Object.entries(v).map(([k, x]) => k + ": " + JSON.stringify(x)).join("\n")'
curl -s -D - "$BASE/v1/settlements/$SETTLEMENT_2/explanation?format=html" -H "Authorization: Bearer $LENDER" | sed -n -e '/^content-language/Ip' -e '/<body>/,/<\/table>/p' -e '/class="future"/p'

step "12. the lender marks the surplus paid (POST /v1/settlements/:id/surplus-payment): the borrower's payable closes; a second time is refused"
call "$LENDER" POST "/v1/settlements/$SETTLEMENT_1/surplus-payment" "{\"via\":\"lender\",\"reference\":\"CHK-$STAMP\"}" | json '({ surplus: v.figures.surplus, surplus_payment: v.surplus_payment, ledger_transaction_ids: v.ledger_transaction_ids })'
echo "again: $(status_of "$LENDER" POST "/v1/settlements/$SETTLEMENT_1/surplus-payment" "{\"via\":\"lender\",\"reference\":\"CHK-$STAMP\"}")"
echo "settlement 2 has no surplus: $(status_of "$LENDER" POST "/v1/settlements/$SETTLEMENT_2/surplus-payment" '{"via":"lender","reference":"CHK-0"}')"
balances "$AFTER"; echo "the lender's borrower_surplus_payable now: $(grep borrower_surplus_payable "$AFTER" | cut -d' ' -f3)"

step "13. the deficiency placed for collection and the case listed, in one call (POST /v1/settlements/:id/place-deficiency with a listing)"
echo "settlement 1 has no deficiency: $(status_of "$LENDER" POST "/v1/settlements/$SETTLEMENT_1/place-deficiency" '{}')"
PLACED=$(call "$LENDER" POST "/v1/settlements/$SETTLEMENT_2/place-deficiency" "{\"list\":{\"bidding_mode\":\"sealed\",\"deadline\":\"$(iso '+2 days')\",\"fee_schedule_id\":\"$COLLECTION_FEES\",\"bounds\":{\"max_contingency_bps\":3000}}}")
json '({ deficiency: v.settlement.figures.deficiency, deficiency_placed_at: v.settlement.deficiency_placed_at, case: v.case, listing: { id: v.listing.id, kind: v.listing.kind, status: v.listing.status, bidding_mode: v.listing.bidding_mode, deadline: v.listing.deadline } })' <<<"$PLACED"
echo "again: $(status_of "$LENDER" POST "/v1/settlements/$SETTLEMENT_2/place-deficiency" '{}')"
call "$LENDER" GET "/v1/cases/$CASE_2" | json '({ case: v.id, status: v.status, balances: v.balances })'
call "$LENDER" GET "/v1/listings/$(json 'v.listing.id' <<<"$PLACED")" | json '({ listing: v.id, kind: v.kind, status: v.status, cases: v.cases.map((c) => ({ case_id: c.case_id, balance: c.balance ?? c.balance_band })) })'

step "14. today's settlements with totals per currency (GET /v1/settlements?from=&to=; this run's two shown, the totals over all of today's)"
TODAY=$(date -u +%F)
call "$LENDER" GET "/v1/settlements?from=$TODAY&to=$TODAY" | json "({ settlements: v.data.filter((s) => ['$SETTLEMENT_1', '$SETTLEMENT_2'].includes(s.id)).map((s) => ({ id: s.id, outcome: s.figures.outcome, proceeds: s.figures.proceeds_applied.amount, surplus: s.figures.surplus.amount, deficiency: s.figures.deficiency.amount, surplus_paid: s.surplus_payment !== null, deficiency_placed: s.deficiency_placed_at !== null })), totals: v.totals })"
