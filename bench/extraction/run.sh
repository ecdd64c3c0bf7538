#!/usr/bin/env bash
# Extraction benchmark (one command, not a test): data-prep-service extracts 1,000,000 rows x 20 numeric
# columns from a PostgreSQL warehouse table into train/validation/test CSVs on the S3 server, through its real
# REST API and run pipeline; the same query then runs through `psql -c "\copy (query) to file"` against the
# same data. The two alternate (data-prep first in odd repetitions, \copy first in even ones); prints the median
# (min-max) rows/s of both and of the per-repetition ratio (data-prep time / \copy time), also to
# bench/extraction/results.md (a smoke run prints only).
#
#   bench/extraction/run.sh                 # defaults: 1,000,000 rows, 3 repetitions
#   BENCH_ROWS=200000 BENCH_REPEAT=5 bench/extraction/run.sh
#   BENCH_SMOKE=1 bench/extraction/run.sh   # 20,000 rows: checks that it produces its figures (.ci/run)
#
# Needs: a JDK 17+, python3, psql (postgresql-client, installed with apt-get if missing); builds data-prep-service and
# the launcher (platform-launcher/target/treeline-local.jar) unless BENCH_NO_BUILD=1.
# Starts its own Kafka, PostgreSQL and S3Proxy on BENCH_*_PORT and stops them (and the service) on exit.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

ROOT=$BENCH_ROOT
if bench_smoke; then
  ROWS=${BENCH_ROWS:-20000}
else
  ROWS=${BENCH_ROWS:-1000000}
fi
REPEAT=${BENCH_REPEAT:-3}
if (( REPEAT < 3 )); then
  echo "BENCH_REPEAT must be at least 3 (each figure is a median with its spread)" >&2
  exit 2
fi
# free loopback ports unless given (other builds may run on this machine at the same time)
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PG_PORT=${BENCH_PG_PORT:-$(free_port)}
KAFKA_PORT=${BENCH_KAFKA_PORT:-$(free_port)}
S3_PORT=${BENCH_S3_PORT:-$(free_port)}
HTTP_PORT=${BENCH_HTTP_PORT:-$(free_port)}
MGMT_PORT=${BENCH_MANAGEMENT_PORT:-$(free_port)}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/treeline-bench-XXXXXX)}
mkdir -p "$WORK"
cd "$ROOT"

say() { bench_say "$@"; }
now_ms() { date +%s%3N; }

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -f "$WORK"/copy-*.csv
}
trap cleanup EXIT

command -v psql >/dev/null || bench_packages postgresql-client
command -v /usr/bin/python3 >/dev/null || bench_packages python3
bench_build data-prep-service,platform-launcher
LAUNCHER=platform-launcher/target/treeline-local.jar
SERVICE=data-prep-service/target/quarkus-app/quarkus-run.jar
for jar in "$LAUNCHER" "$SERVICE"; do
  if [[ ! -f $jar ]]; then
    echo "missing $jar: build with ./mvnw -B -ntp install -DskipTests (or run without BENCH_NO_BUILD)" >&2
    exit 1
  fi
done

say "starting Kafka, PostgreSQL and S3 (data in $WORK/platform)"
: >"$WORK/infra.log"
java -jar "$LAUNCHER" --infra-only --no-demo --data-dir "$WORK/platform" --postgres-port "$PG_PORT" \
  --kafka-port "$KAFKA_PORT" --s3-port "$S3_PORT" >"$WORK/infra.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 180); do
  grep -q 'Infrastructure ready' "$WORK/infra.log" && break
  kill -0 "${PIDS[0]}" 2>/dev/null || { cat "$WORK/infra.log" >&2; exit 1; }
  sleep 1
done
grep -q 'Infrastructure ready' "$WORK/infra.log" || { echo "infrastructure did not start" >&2; exit 1; }

export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres PGDATABASE=warehouse
FEATURES=$(seq -s, -f 'f%g' 1 20)
say "loading $ROWS rows x 20 numeric columns into warehouse.bench_rows"
psql -q -v ON_ERROR_STOP=1 <<SQL
drop table if exists bench_rows;
create table bench_rows as
  select i::bigint as id, date '2020-01-01' + (i % 1500)::int as day, round((random() * 1000)::numeric, 2) as label,
         $(for n in $(seq 1 20); do printf 'random() * %d as f%d%s' "$n" "$n" "$([[ $n -lt 20 ]] && echo ,)"; done)
  from generate_series(1, $ROWS) i;
analyze bench_rows;
SQL

QUERY="select id, label, $FEATURES from bench_rows where day between :dateStart and :dateEnd"
END=$(date -u +%F)
# The benchmark's model is one definition file in a folder of its own (data-prep reads no model properties).
mkdir -p "$WORK/definitions"
cat >"$WORK/definitions/bench.yaml" <<YAML
name: bench
data:
  layer: bench
  query: "$QUERY"
  window: {start: 2000-01-01, pushback-days: 0}
  label-column: label
  key-column: id
  feature-columns: [$FEATURES]
task:
  objective: reg:squarederror
YAML
echo "treeline.data-prep.scheduler-enabled=false" >"$WORK/bench-service.properties"

# data-prep verifies the registry's tokens: a key pair of the benchmark's own and one operator token signed with it
# (RS256, issuer treeline, as the registry issues them; valid for a day, longer than any run of this script).
command -v openssl >/dev/null || { echo "openssl is missing (Debian package openssl): it makes the benchmark's token" >&2; exit 1; }
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/jwt-private.pem" 2>/dev/null
openssl rsa -in "$WORK/jwt-private.pem" -pubout -out "$WORK/jwt-public.pem" 2>/dev/null
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
NOW=$(date +%s)
JWT_HEADER=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
JWT_CLAIMS=$(printf '{"iss":"treeline","upn":"bench","sub":"bench","groups":["viewer","invoker","operator"],"iat":%d,"exp":%d,"jti":"bench-%d"}' \
  "$NOW" $((NOW + 86400)) "$NOW" | b64url)
JWT_SIGNATURE=$(printf '%s.%s' "$JWT_HEADER" "$JWT_CLAIMS" | openssl dgst -sha256 -sign "$WORK/jwt-private.pem" -binary | b64url)
AUTH="Authorization: Bearer $JWT_HEADER.$JWT_CLAIMS.$JWT_SIGNATURE"

say "starting data-prep-service on :$HTTP_PORT (management :$MGMT_PORT)"
QUARKUS_HTTP_PORT=$HTTP_PORT QUARKUS_MANAGEMENT_PORT=$MGMT_PORT \
MP_JWT_VERIFY_PUBLICKEY_LOCATION="$WORK/jwt-public.pem" \
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/dataprep \
QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
QUARKUS_DATASOURCE_WAREHOUSE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/warehouse \
QUARKUS_DATASOURCE_WAREHOUSE_USERNAME=postgres QUARKUS_DATASOURCE_WAREHOUSE_PASSWORD= \
KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT \
TREELINE_S3_ENDPOINT=http://127.0.0.1:$S3_PORT TREELINE_S3_ACCESS_KEY_ID=treeline \
TREELINE_S3_SECRET_ACCESS_KEY=treeline-secret TREELINE_S3_CREATE_BUCKET=true \
TREELINE_DEFINITIONS_DIR="$WORK/definitions" \
  java -Dquarkus.config.locations="file:$WORK/bench-service.properties" -jar "$SERVICE" >"$WORK/data-prep.log" 2>&1 &
PIDS+=($!)
BASE=http://127.0.0.1:$HTTP_PORT
MGMT=http://127.0.0.1:$MGMT_PORT
for _ in $(seq 1 120); do
  curl -fs "$MGMT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "${PIDS[1]}" 2>/dev/null || { tail -50 "$WORK/data-prep.log" >&2; exit 1; }
  sleep 1
done
curl -fs "$MGMT/q/health/ready" >/dev/null || { echo "data-prep-service is not ready" >&2; exit 1; }

json() { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

COPY_QUERY=${QUERY//:dateStart/\'2000-01-01\'}
COPY_QUERY=${COPY_QUERY//:dateEnd/\'$END\'}

# One data-prep run through the REST API: its extraction time in ms (appended to DP_TIMES).
data_prep_once() {
  local i=$1 run body status ms phases rows bytes
  run=$(curl -fs -H "$AUTH" -H 'Content-Type: application/json' -d '{"model":"bench","testing":true}' \
    "$BASE/runs" | json 'd["runId"]')
  while :; do
    body=$(curl -fs -H "$AUTH" "$BASE/runs/$run")
    status=$(json 'd["status"]' <<<"$body")
    [[ $status == READY || $status == FAILED ]] && break
    sleep 0.2
  done
  if [[ $status != READY ]]; then
    echo "run $run failed: $(json 'd.get("failureReason")' <<<"$body")" >&2
    exit 1
  fi
  ms=$(json 'd["timings"]["extractionMs"]' <<<"$body")
  phases=$(json '"query + CSV %s ms, SHA-256 + upload %s ms" % (d["timings"]["writeMs"], d["timings"]["uploadMs"])' <<<"$body")
  rows=$(json 'd["rows"]["total"]' <<<"$body")
  bytes=$(json 'sum(s["bytes"] for s in d["datasets"].values())' <<<"$body")
  if [[ $rows != "$ROWS" ]]; then
    echo "data-prep run $run extracted $rows rows, expected $ROWS" >&2
    exit 1
  fi
  DP_TIMES+=("$ms")
  say "repetition $i, data-prep: $rows rows, $bytes CSV bytes, warehouse -> S3 (3 splits, SHA-256) in $ms ms ($phases)"
}

# One psql \copy of the same query to a local file: its time in ms (appended to COPY_TIMES).
copy_once() {
  local i=$1 start ms lines
  start=$(now_ms)
  psql -q -v ON_ERROR_STOP=1 -c "\\copy ($COPY_QUERY) to '$WORK/copy-$i.csv' with (format csv)"
  ms=$(( $(now_ms) - start ))
  lines=$(wc -l <"$WORK/copy-$i.csv")
  if [[ $lines != "$ROWS" ]]; then
    echo "psql \\copy wrote $lines rows, expected $ROWS" >&2
    exit 1
  fi
  COPY_TIMES+=("$ms")
  say "repetition $i, psql \\copy: $lines rows, $(stat -c %s "$WORK/copy-$i.csv") bytes to a local file in $ms ms"
  rm -f "$WORK/copy-$i.csv"
}

DP_TIMES=()
COPY_TIMES=()
for i in $(seq 1 "$REPEAT"); do
  if (( i % 2 == 1 )); then
    data_prep_once "$i"
    copy_once "$i"
  else
    copy_once "$i"
    data_prep_once "$i"
  fi
done

REPORT=$(/usr/bin/python3 - "$ROWS" "$(bench_smoke && echo smoke || echo full)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
  "${DP_TIMES[*]}" "${COPY_TIMES[*]}" <<'PY'
import datetime, statistics, sys
rows, mode, load = int(sys.argv[1]), sys.argv[2], sys.argv[3]
dp = [int(v) for v in sys.argv[4].split()]
cp = [int(v) for v in sys.argv[5].split()]
def spread(values, fmt):
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"
print(f"Extraction benchmark, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%dT%H:%M:%SZ}"
      f"{' (SMOKE RUN)' if mode == 'smoke' else ''}, load average after {load}: {rows:,} rows x 20 numeric features"
      f" (+ label, + key), {len(dp)} interleaved repetitions, median (min–max)")
print()
print("| | time (s) | rows/s |")
print("| --- | --- | --- |")
print(f"| data-prep, warehouse -> 3 CSV splits on S3 with SHA-256 | {spread([v / 1000 for v in dp], '{:.2f}')} |"
      f" {spread([rows / (v / 1000) for v in dp], '{:,.0f}')} |")
print(f"| psql \\copy to a local file | {spread([v / 1000 for v in cp], '{:.2f}')} |"
      f" {spread([rows / (v / 1000) for v in cp], '{:,.0f}')} |")
print()
print(f"- ratio data-prep / \\copy time (per repetition): {spread([d / c for d, c in zip(dp, cp)], '{:.2f}x')}"
      " (target <= 1.5x)")
print(f"- data-prep runs (ms, in order): {', '.join(map(str, dp))}; \\copy runs: {', '.join(map(str, cp))}")
PY
)
echo
echo "$REPORT"
if ! bench_smoke; then
  echo "$REPORT" >"$ROOT/bench/extraction/results.md"
  say "written to bench/extraction/results.md"
fi
