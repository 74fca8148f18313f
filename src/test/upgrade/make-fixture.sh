#!/usr/bin/env bash
# Makes the data an upgrade test starts from: runs a previous Weir (its PostgreSQL build) on an empty
# PostgreSQL database, lets it fill every table through its own API (a firing alert notified to a
# webhook, a silence, a replay job cut off mid-way, the audit entries of both, a minute of history),
# kills it, and writes the database dump and the built-in broker's data next to this script.
#
#   src/test/upgrade/make-fixture.sh <previous Weir checkout, built with
#     ./mvnw -B package -DskipTests -Dquarkus.datasource.db-kind=postgresql> <name, e.g. 0d74d62>
#
# Needs PostgreSQL on 127.0.0.1:5432 (trust), python3, curl, psql/pg_dump. UpgradeAndBackupIT reads
# the result; regenerate it from the released version before each release.
set -euo pipefail
previous=$(cd "$1" && pwd); name=$2
out=$(cd "$(dirname "$0")" && pwd)/$name
work=$(mktemp -d); db=weir_fixture_$$
port=18181; hook=18182; password=upgrade-fixture-password
api() { curl -sf -u admin:$password -H 'Content-Type: application/json' "$@"; }
cleanup() { kill "$weir" "$receiver" 2>/dev/null || true; psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" postgres; rm -rf "$work"; }
trap cleanup EXIT

psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" postgres
python3 -c '
import http.server, sys
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"])); self.send_response(200); self.end_headers()
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()' $hook & receiver=$!
mkdir -p "$work/rules" "$work/data"
cp "$(dirname "$out")/upgrade-rules.yml" "$work/rules/upgrade.yml"
QUARKUS_HTTP_PORT=$port QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$db QUARKUS_DATASOURCE_USERNAME=postgres \
WEIR_ADMIN_PASSWORD=$password WEIR_DATA_DIR="$work/data" WEIR_ALERTING_RULES_DIR="$work/rules" \
WEIR_ALERTING_RECEIVERS_HOOK_TYPE=webhook WEIR_ALERTING_RECEIVERS_HOOK_URL=http://127.0.0.1:$hook/hook \
WEIR_ALERTING_ROUTES_DEFAULT_RECEIVER=hook WEIR_ALERTING_ROUTES_DEFAULT_GROUP_WAIT=1s \
WEIR_SOURCES_BUILTIN_KIND=builtin WEIR_SOURCES_BUILTIN_POLL_INTERVAL=2s \
  java -jar "$previous/target/quarkus-app/quarkus-run.jar" > "$work/weir.log" 2>&1 & weir=$!
until curl -sf http://127.0.0.1:$port/q/health/ready > /dev/null; do sleep 1; done
B=http://127.0.0.1:$port/api/broker/v1/topics

# A stopped ordered group 20 messages behind: the alert fires and is notified.
api -X POST $B -d '{"name":"orders","partitions":2}' > /dev/null
api -X POST $B/orders/groups -d '{"name":"billing","mode":"ordered"}' > /dev/null
messages=$(python3 -c 'import json; print(json.dumps({"messages":[{"key":"k%d"%i,"messageId":"order-%d"%i,"value":"order %d"%i} for i in range(30)]}))')
api -X POST $B/orders/messages -d "$messages" > /dev/null
fetched=$(api -X POST "$B/orders/groups/billing/fetch?consumer=c1&max=10&wait=1s")
api -X POST "$B/orders/groups/billing/commit?consumer=c1" -d "{\"offsets\":$(echo "$fetched" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["nextOffsets"]))')}" > /dev/null
api -X DELETE $B/orders/groups/billing/members/c1 > /dev/null

# 500 dead letters, and a replay of them at 20 per second that the kill cuts off.
api -X POST $B -d '{"name":"payments","partitions":1}' > /dev/null
api -X POST $B/payments/groups -d '{"name":"workers","mode":"shared","config":{"maxAttempts":1}}' > /dev/null
messages=$(python3 -c 'import json; print(json.dumps({"messages":[{"key":"p%d"%i,"messageId":"payment-%d"%i,"value":"payment %d"%i} for i in range(500)]}))')
api -X POST $B/payments/messages -d "$messages" > /dev/null
nacked=0
while [ $nacked -lt 500 ]; do
  receipts=$(api -X POST "$B/payments/groups/workers/receive?consumer=w1&max=500&wait=1s" | python3 -c 'import json,sys; print(json.dumps([d["receipt"] for d in json.load(sys.stdin)["deliveries"]]))')
  count=$(echo "$receipts" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
  [ "$count" -gt 0 ] && api -X POST $B/payments/groups/workers/nack -d "{\"receipts\":$receipts,\"reason\":\"card processor 503\"}" > /dev/null
  nacked=$((nacked + count))
done
api -X POST http://127.0.0.1:$port/api/v1/silences \
  -d '{"matchers":"alertname=\"ConsumerStopped\", group=\"reports\"","duration":"P30D","comment":"reports are rebuilt monthly"}' > /dev/null

until api http://127.0.0.1:$port/api/v1/alerts | grep -q '"FIRING"'; do sleep 1; done
sleep 70  # a minute of history is archived, the notification is delivered
api -X POST http://127.0.0.1:$port/api/v1/replays \
  -d '{"source":"builtin","queue":"payments.workers.dlq","dryRun":false,"ratePerSecond":20}' > /dev/null
sleep 6
kill -9 $weir; wait $weir 2>/dev/null || true

rm -rf "$out"; mkdir -p "$out"
pg_dump -h 127.0.0.1 -U postgres --no-owner --no-privileges $db > "$out/database.sql"
tar -C "$work/data" -czf "$out/broker.tar.gz" broker
echo "written $out: $(wc -c < "$out/database.sql") bytes of SQL, $(wc -c < "$out/broker.tar.gz") bytes of broker data"
