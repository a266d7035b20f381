#!/usr/bin/env bash
# The long API fuzzing run of issue 11 (`make fuzz`): schemathesis against /api/schema/ of
# a server with the demo data, as each role with its API token. Checks: no 500, every
# response within the schema it documents. Prints the request count per role and overall
# (counted from the HAR reports in var/fuzz/) and exits non-zero on any failure.
#
#   make fuzz PORT=8715 FUZZ_EXAMPLES=25
#
# Uses DATABASE_URL / REDIS_URL like the portal (POSTs that pass validation create rows:
# point it at a scratch database, never at production).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8715}"
EXAMPLES="${FUZZ_EXAMPLES:-25}"
# The coverage phase adds thousands of boundary cases per role: FUZZ_PHASES=examples,coverage,fuzzing
PHASES="${FUZZ_PHASES:-examples,fuzzing}"
BIN=.venv/bin
OUT=var/fuzz
BASE="http://127.0.0.1:${PORT}"
export DEBUG="${DEBUG:-1}"
# One address sends thousands of requests: lift the API's rate limits for this server.
export API_USER_RATE=1000000/hour API_ANON_RATE=1000000/hour

rm -rf "$OUT" && mkdir -p "$OUT"
$BIN/python manage.py migrate --no-input -v0
$BIN/python manage.py load_demo_data >/dev/null
# role -> token (the demo users; the viewer is the reviewer, who sees every cluster)
$BIN/python manage.py shell -v0 -c '
from rest_framework.authtoken.models import Token
from tracekei.accounts.models import User
for role, email in [("admin", "admin"), ("coordinator", "coordinator"),
                    ("manager_a", "manager.dare"), ("manager_b", "manager.innoskart"),
                    ("viewer", "reviewer")]:
    user = User.objects.get(email=f"{email}@tracekei.example")
    print(role, Token.objects.get_or_create(user=user)[0].key)
' >"$OUT/tokens"

$BIN/python manage.py runserver "127.0.0.1:${PORT}" --noreload >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break; sleep 1; done

status=0
run() {  # role, then the extra arguments
    local role=$1; shift
    echo "== $role"
    $BIN/schemathesis run "$OUT/schema.yaml" --url "$BASE" "$@" \
        --checks not_a_server_error,response_schema_conformance \
        --max-examples "$EXAMPLES" --phases "$PHASES" \
        --suppress-health-check all --workers 2 --no-color \
        --report har --report-dir "$OUT/$role" >"$OUT/$role.log" 2>&1 || status=1
    tail -n 12 "$OUT/$role.log"
}
# The schema itself is for signed-in callers: fetched once, the anonymous run uses it too.
read -r _ ADMIN_TOKEN < <(grep '^admin ' "$OUT/tokens")
curl -fsS -H "Authorization: Token $ADMIN_TOKEN" "$BASE/api/schema/" >"$OUT/schema.yaml"
while read -r role token; do
    run "$role" -H "Authorization: Token $token"
done <"$OUT/tokens"
run anonymous

$BIN/python - "$OUT" <<'PY'
import json, pathlib, sys
total = 0
for har in sorted(pathlib.Path(sys.argv[1]).glob("*/har-*.json")):
    entries = json.loads(har.read_text())["log"]["entries"]
    errors = sum(1 for e in entries if e["response"]["status"] >= 500)
    total += len(entries)
    print(f"{har.parent.name:12} {len(entries):6} requests, {errors} server errors")
print(f"{'total':12} {total:6} requests")
PY
exit $status
