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
