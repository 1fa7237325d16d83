# Shared by the demo scripts: `source "$(dirname "$0")/demo-lib.sh"`.
BASE=${BASE:-http://localhost:${PORT:-3000}}
PASSWORD=reclaim-demo-2026
# The platform admin's password is the one `npm start` generated (ADMIN_PASSWORD to override).
ADMIN_PASSWORD=${ADMIN_PASSWORD:-$(node -p 'require(require("node:path").resolve(process.argv[1])).PLATFORM_ADMIN_PASSWORD' "$(dirname "${BASH_SOURCE[0]}")/../.data/dev-secrets.json")}

json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);const r=new Function("v","return "+process.argv[1])(v);console.log(typeof r==="string"?r:JSON.stringify(r,null,2))})' "$1"; }
call() { # call TOKEN METHOD PATH [BODY] — prints the body, fails on a non-2xx answer
  local token=$1 method=$2 path=$3 body=${4:-}
  local out status
  out=$(mktemp)
  status=$(curl -s -o "$out" -w '%{http_code}' -X "$method" "$BASE$path" -H "Authorization: Bearer $token" \
    ${body:+-H 'content-type: application/json' -d "$body"})
  if [[ $status != 2* ]]; then echo "!! $method $path → $status" >&2; cat "$out" >&2; echo >&2; rm -f "$out"; return 1; fi
  cat "$out"; rm -f "$out"
}
login() { curl -s "$BASE/v1/auth/login" -H 'content-type: application/json' -d "{\"email\":\"$1\",\"password\":\"$2\"}" | json 'v.access_token'; }
step() { printf '\n== %s\n' "$*"; }

# Used by several demos; they read $LENDER, $ADMIN, $STAMP, $STRIPE_URL and $STRIPE_SECRET_KEY as the scripts set them.
stripe_test() { curl -sf -X "$1" "$STRIPE_URL$2" -H "Authorization: Bearer $STRIPE_SECRET_KEY"; } # stripe_test METHOD PATH — the test Stripe server's controls
usd() { printf '{"amount":%s,"currency":"USD"}' "$1"; }
wait_for() { # wait_for TOKEN PATH JS_CONDITION SECONDS — polls until the condition on the body holds
  local token=$1 path=$2 cond=$3 left=$4
  until [[ $(call "$token" GET "$path" | json "($cond) ? 'yes' : 'no'") == yes ]]; do
    ((left-- > 0)) || { echo "!! gave up waiting for $path: $cond" >&2; return 1; }
    sleep 1
  done
}
status_of() { # status_of TOKEN METHOD PATH BODY — prints the HTTP status and the problem code of a refused call
  curl -s -X "$2" "$BASE$3" -H "Authorization: Bearer $1" -H 'content-type: application/json' -d "$4" | json '(v.status ?? 200) + " " + (v.code ?? "")'
}

vet() { # vet TOKEN ORG PROFILE_JSON [credentials] — profile, credentials where the work needs them, submit, approve (once)
  local token=$1 org=$2 profile=$3 creds=${4:-}
  local status
  status=$(curl -s "$BASE/v1/partner-profile" -H "Authorization: Bearer $token" | json 'v.org_id ? v.status : "none"')
  if [[ $status == none ]]; then call "$token" PUT /v1/partner-profile "$profile" >/dev/null; status=applied; fi
  if [[ $status == applied && -n $creds ]]; then
    local doc today expires
    doc=$(mktemp --suffix=.pdf); printf '%%PDF-1.7\n%%%%EOF\n' >"$doc"
    today=$(date -u +%F); expires=$(date -u -d '+300 days' +%F)
    for c in "on_hook OH-DEMO 25000000" "general_liability GL-DEMO 200000000"; do
      read -r type number amount <<<"$c"
      curl -sf -o /dev/null "$BASE/v1/partner-profile/credentials" -H "Authorization: Bearer $token" -F type="$type" -F number="$number" -F issuing_region=US \
        -F coverage_amount="$amount" -F coverage_currency=USD -F effective_on="$today" -F expires_on="$expires" -F "document=@$doc;type=application/pdf"
    done
    rm -f "$doc"
  fi
  if [[ $status == applied ]]; then call "$token" POST /v1/partner-profile/submit >/dev/null; status=under_review; fi
  if [[ $status == under_review ]]; then call "$ADMIN" POST "/v1/admin/partners/$org/approve" '{"reason":"demo: documents checked"}' >/dev/null; fi
}
direct_job() { # direct_job LISTING_BODY — publishes a direct offer and prints the job id
  local listing
  listing=$(call "$LENDER" POST /v1/listings "$1" | json 'v.id')
  call "$LENDER" GET "/v1/jobs?listing_id=$listing" | json 'v.data[0].id'
}
place_case() { # place_case REF [LANGUAGE] — a delinquent auto loan in US-TX (total due 13,017.10), the borrower reading LANGUAGE (en)
  call "$LENDER" POST /v1/cases "{\"external_ref\":\"$1\",\"product\":\"auto_loan\",\"currency\":\"USD\",\"principal\":1250000,\"interest\":48210,\"fees\":3500,\"origination_date\":\"2021-03-15\",\"first_missed_due_date\":\"2024-01-01\",\"borrower\":{\"name\":\"Jordan Demo\",\"phone\":\"+15125550100\",\"email\":\"jordan@example.com\",\"address\":{\"line1\":\"100 Congress Ave\",\"city\":\"Austin\",\"postal_code\":\"78701\"},\"national_id\":\"123-45-6789\",\"timezone\":\"America/Chicago\",\"region\":\"US-TX\",\"preferred_language\":\"${2:-en}\"}}" | json 'v.id'
}
a_vin() { # a_vin N — a VIN with a valid check digit, unique per N
  node -e 'const n=process.argv[1]%1e6;const b="1HGCM826_3A"+String(1e6+n).slice(1);const v=c=>/\d/.test(c)?+c:"ABCDEFGH".includes(c)?"ABCDEFGH".indexOf(c)+1:"JKLMN".includes(c)?"JKLMN".indexOf(c)+1:c==="P"?7:c==="R"?9:"STUVWXYZ".indexOf(c)+2;const w=[8,7,6,5,4,3,2,10,0,9,8,7,6,5,4,3,2];const s=[...b].reduce((a,c,i)=>a+(c==="_"?0:v(c)*w[i]),0)%11;console.log(b.replace("_",s===10?"X":s))' "$1"
}
verified_buyer() { # verified_buyer N — registers buyer N (per $STAMP), verified by the platform (DESIGN §3); prints its token, its org id on stderr
  local n=$1 token org
  token=$(curl -s "$BASE/v1/auth/register" -H 'content-type: application/json' \
    -d "{\"org\":{\"name\":\"Demo Buyer $n $STAMP\",\"kind\":\"buyer\",\"region\":\"US-TX\"},\"user\":{\"email\":\"buyer$n-$STAMP@demo.reclaim.dev\",\"password\":\"$PASSWORD-$n\",\"name\":\"Buyer $n\"}}" | json 'v.access_token')
  org=$(call "$token" GET /v1/me | json 'v.org.id')
  call "$token" PUT /v1/partner-profile "{\"legal_name\":\"Demo Buyer $n $STAMP\",\"contacts\":[{\"name\":\"Buyer $n\",\"phone\":\"+1 512 555 01$n$n\"}],\"buyer_type\":\"individual\"}" >/dev/null
  call "$token" POST /v1/partner-profile/submit >/dev/null
  call "$ADMIN" POST "/v1/admin/partners/$org/approve" '{"reason":"demo: application complete"}' >/dev/null
  call "$ADMIN" POST "/v1/admin/partners/$org/identity-verification" '{"reason":"demo: driving licence checked"}' >/dev/null
  echo "buyer $n: $org" >&2
  echo "$token"
}
