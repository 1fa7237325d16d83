#!/usr/bin/env bash
# Reads the analytics of the demo world (issue 17, docs/analytics.md) on a running service started
# against the test Stripe server (see docs/stripe.md):
#   npm run stripe:test-server          (prints the STRIPE_* variables; start the service with them)
#   STRIPE_SECRET_KEY=sk_test_… bash scripts/demo-analytics.sh
# It first runs scripts/demo-auction.sh (which runs scripts/demo-field-work.sh): the agency works a
# collection, the tow operator recovers and stores a vehicle, the vehicle is auctioned, paid, settled
# and released. Then: a borrower's complaint about the tow operator is upheld; the agency reads its
# own scorecard, the lender reads the tow operator's (JSON and CSV, every figure with its numerator
# and denominator) and the inputs its award kept; the lender reads its portfolio (trimmed to the
# figures the demo moved); one chart, the agency's scorecard trends, is written to an SVG file
# (CHART=path to choose it). The read models are fed by events, so the script waits for them.
set -euo pipefail
source "$(dirname "$0")/demo-auction.sh"
CHART=${CHART:-${TMPDIR:-/tmp}/reclaim-scorecard-trends-$STAMP.svg}
# A ratio as one line: figure, numerator / denominator = rate (or the median, the mean, the amount).
figures='Object.entries(v).filter(([, x]) => x && typeof x === "object" && ("denominator" in x || "jobs" in x)).map(([k, x]) => "jobs" in x ? `${k}: median ${x.days} days over ${x.jobs} jobs` : `${k}: ${x.numerator} / ${x.denominator} = ${("rate" in x ? x.rate : "mean" in x ? x.mean : x.amount) ?? "none (nothing to count)"}`)'

step "S1. a borrower's complaint about the repossession is upheld by the platform's compliance team (it counts on the tow operator's complaint rate)"
COMPLAINT=$(call "$LENDER" POST /v1/complaints "{\"job_id\":\"$RJOB\",\"category\":\"property_damage\",\"description\":\"bumper scratched during the tow\",\"on_behalf_of_borrower\":true}" | json 'v.id')
call "$ADMIN" POST "/v1/complaints/$COMPLAINT/investigate" '{"reason":"photos requested from the yard"}' >/dev/null
call "$ADMIN" POST "/v1/complaints/$COMPLAINT/uphold" '{"reason":"the recovery photos show the bumper intact before the tow"}' | json '({ complaint: v.id, status: v.status, partner: v.partner_org_id })'

step "S1b. the sale left a deficiency: the lender places it for collection (the portfolio counts it placed)"
SETTLEMENT=$(call "$LENDER" GET /v1/settlements | json "v.data.find((s) => s.lot_id === '$LOT').id")
call "$LENDER" POST "/v1/settlements/$SETTLEMENT/place-deficiency" '{}' | json '({ settlement: v.settlement.id, deficiency: v.settlement.figures.deficiency, case: v.case })'

step "S2. the agency reads its own scorecard: GET /v1/analytics/partners/$AGENCY_ORG/scorecard?kind=collection"
wait_for "$AGENCY" "/v1/analytics/partners/$AGENCY_ORG/scorecard?kind=collection" 'v.jobs_assigned >= 2 && v.holds_acknowledged_on_time.denominator >= 1' 30
call "$AGENCY" GET "/v1/analytics/partners/$AGENCY_ORG/scorecard?kind=collection" | json '({ partner: v.partner_org_id, kind: v.kind, from: v.from, to: v.to, jobs_assigned: v.jobs_assigned, cases_assigned: v.cases_assigned, cases_recovered: v.cases_recovered, promises_pending: v.promises_pending, money: v.money })'
call "$AGENCY" GET "/v1/analytics/partners/$AGENCY_ORG/scorecard?kind=collection" | json "$figures"

step "S3. the lender reads the tow operator's scorecard (an approved partner's published record): kind=repossession"
wait_for "$LENDER" "/v1/analytics/partners/$TOW_ORG/scorecard?kind=repossession" 'v.complaint_rate.numerator >= 1 && v.recoveries.involuntary >= 1' 30
call "$LENDER" GET "/v1/analytics/partners/$TOW_ORG/scorecard?kind=repossession" | json '({ partner: v.partner_org_id, kind: v.kind, jobs_assigned: v.jobs_assigned, recoveries: v.recoveries, money: v.money })'
call "$LENDER" GET "/v1/analytics/partners/$TOW_ORG/scorecard?kind=repossession" | json "$figures"
echo "-- the same as CSV (figure, currency, numerator, denominator, value):"
call "$LENDER" GET "/v1/analytics/partners/$TOW_ORG/scorecard?kind=repossession&format=csv"
echo "-- another partner's scorecard is not the agency's to read: $(curl -s "$BASE/v1/analytics/partners/$TOW_ORG/scorecard" -H "Authorization: Bearer $AGENCY" | json '(v.status ?? 200) + " " + (v.code ?? "")')"

step "S4. the repossession's award kept the inputs of its score (the scorecard counts read, the record used, proximity): GET /v1/listings/$RLISTING/bids"
call "$LENDER" GET "/v1/listings/$RLISTING/bids" | json 'v.data.map((b) => ({ bid: b.id, rank: b.rank, score: b.score, breakdown: Object.fromEntries(Object.entries(b.breakdown ?? {}).map(([k, c]) => [k, `${c.value} × ${c.weight}`])), inputs: b.inputs }))'

step "S5. the lender's portfolio: GET /v1/analytics/portfolio (the last 12 months; trimmed to the figures the demo moved)"
wait_for "$LENDER" /v1/analytics/portfolio '(v.auctions[0]?.paid ?? 0) >= 1 && (v.auctions[0]?.days_in_storage.denominator ?? 0) >= 1 && (v.settlements[0]?.deficiency.placed.count ?? 0) >= 1' 30
call "$LENDER" GET /v1/analytics/portfolio | json '({
  period: `${v.from} … ${v.to}`,
  placements: v.placements.map((p) => `${p.bucket}/${p.stage} ${p.currency}: ${p.cases} cases (${p.share.numerator} / ${p.share.denominator}), ${p.amount} placed`),
  recovery_curve: v.recovery_curve.map((c) => `${c.currency}: ${c.points.length} points (a placement month counts once it has had 30 days)`),
  roll_rates: `${v.roll_rates.length} cells (from the first month end after placement)`,
  cost_to_collect: v.cost_to_collect.map((c) => `${c.kind} ${c.partner_org_id.slice(0, 8)} ${c.currency}: fees ${c.fees} / recovered ${c.recovered} = ${c.cost_to_collect.rate}`),
  repossessions: v.repossessions,
  auctions: v.auctions,
  settlements: v.settlements,
})'
echo "-- the auction and settlement lines of the CSV:"
call "$LENDER" GET '/v1/analytics/portfolio?format=csv' | grep -E '^figure|lots_|no_sale|auction_proceeds|proceeds_vs|days_in_storage|settlement|surplus|deficiency'

step "S6. one chart: the agency's scorecard trends (recovery, SLA breach and complaint rates by month of acceptance) as an accessible SVG"
curl -sf "$BASE/v1/analytics/partners/$AGENCY_ORG/scorecard?format=svg" -H "Authorization: Bearer $AGENCY" -o "$CHART"
echo "wrote $CHART ($(wc -c <"$CHART") bytes)"
grep -o '<title[^>]*>[^<]*</title>' "$CHART" | head -8
