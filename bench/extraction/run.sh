#!/usr/bin/env bash
# Extraction benchmark (one command, not a test): data-prep-service extracts 1,000,000 rows x 20 numeric
# columns from a PostgreSQL warehouse table into train/validation/test CSVs on the S3 server, through its real
# REST API and run pipeline; the same query then runs through `psql -c "\copy (query) to file"` against the
# same data. Prints rows/s of both and the ratio (data-prep time / \copy time).
#
#   bench/extraction/run.sh                 # defaults
#   BENCH_ROWS=200000 BENCH_REPEAT=1 bench/extraction/run.sh
#
# Needs: a JDK 17+, python3, psql (installed with apt-get if missing), the launcher jar
# (platform-launcher/target/treeline-local.jar, built by ./run-local.sh or ./mvnw install -DskipTests).
# Starts its own Kafka, PostgreSQL and S3Proxy on BENCH_*_PORT and stops them (and the service) on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROWS=${BENCH_ROWS:-1000000}
REPEAT=${BENCH_REPEAT:-3}
PG_PORT=${BENCH_PG_PORT:-25432}
KAFKA_PORT=${BENCH_KAFKA_PORT:-29092}
S3_PORT=${BENCH_S3_PORT:-29000}
HTTP_PORT=${BENCH_HTTP_PORT:-28081}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/treeline-bench-XXXXXX)}
mkdir -p "$WORK"
cd "$ROOT"

say() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
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

if ! command -v psql >/dev/null; then
  say "psql missing: installing postgresql-client"
  apt-get install -y postgresql-client >/dev/null
fi
LAUNCHER=platform-launcher/target/treeline-local.jar
if [[ ! -f $LAUNCHER ]]; then
  echo "missing $LAUNCHER: build once with ./mvnw -B -ntp install -DskipTests" >&2
  exit 1
fi
SERVICE=data-prep-service/target/quarkus-app/quarkus-run.jar
if [[ ! -f $SERVICE || -n ${BENCH_REBUILD:-} ]]; then
  say "building data-prep-service (tests skipped)"
  ./mvnw -B -q -ntp -pl data-prep-service package -DskipTests
fi

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
cat >"$WORK/bench-model.properties" <<PROPS
treeline.models."bench".layer=bench
treeline.models."bench".objective=reg:squarederror
treeline.models."bench".query=$QUERY
treeline.models."bench".window.start=2000-01-01
treeline.models."bench".window.pushback-days=0
treeline.models."bench".label-column=label
treeline.models."bench".feature-columns=$FEATURES
treeline.models."bench".split.hash-column=id
treeline.data-prep.scheduler-enabled=false
PROPS

say "starting data-prep-service on :$HTTP_PORT"
QUARKUS_HTTP_PORT=$HTTP_PORT \
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/dataprep \
QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
QUARKUS_DATASOURCE_WAREHOUSE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/warehouse \
QUARKUS_DATASOURCE_WAREHOUSE_USERNAME=postgres QUARKUS_DATASOURCE_WAREHOUSE_PASSWORD= \
KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT \
TREELINE_S3_ENDPOINT=http://127.0.0.1:$S3_PORT TREELINE_S3_ACCESS_KEY_ID=treeline \
TREELINE_S3_SECRET_ACCESS_KEY=treeline-secret TREELINE_S3_CREATE_BUCKET=true \
  java -Dquarkus.config.locations="file:$WORK/bench-model.properties" -jar "$SERVICE" >"$WORK/data-prep.log" 2>&1 &
PIDS+=($!)
BASE=http://127.0.0.1:$HTTP_PORT
for _ in $(seq 1 120); do
  curl -fs "$BASE/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "${PIDS[1]}" 2>/dev/null || { tail -50 "$WORK/data-prep.log" >&2; exit 1; }
  sleep 1
done
curl -fs "$BASE/q/health/ready" >/dev/null || { echo "data-prep-service is not ready" >&2; exit 1; }

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

DP_TIMES=()
for i in $(seq 1 "$REPEAT"); do
  run=$(curl -fs -H 'Content-Type: application/json' -d '{"model":"bench","testing":true,"requestedBy":"bench"}' \
    "$BASE/runs" | json 'd["runId"]')
  while :; do
    body=$(curl -fs "$BASE/runs/$run")
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
  DP_TIMES+=("$ms")
  say "data-prep run $i: $rows rows, $bytes CSV bytes, warehouse -> S3 (3 splits, SHA-256) in $ms ms ($phases)"
done

COPY_QUERY=${QUERY//:dateStart/\'2000-01-01\'}
COPY_QUERY=${COPY_QUERY//:dateEnd/\'$END\'}
COPY_TIMES=()
for i in $(seq 1 "$REPEAT"); do
  start=$(now_ms)
  psql -q -v ON_ERROR_STOP=1 -c "\\copy ($COPY_QUERY) to '$WORK/copy-$i.csv' with (format csv)"
  ms=$(( $(now_ms) - start ))
  COPY_TIMES+=("$ms")
  say "psql \\copy run $i: $(wc -l <"$WORK/copy-$i.csv") rows, $(stat -c %s "$WORK/copy-$i.csv") bytes to a local file in $ms ms"
  rm -f "$WORK/copy-$i.csv"
done

best() { printf '%s\n' "$@" | sort -n | head -1; }
DP=$(best "${DP_TIMES[@]}")
CP=$(best "${COPY_TIMES[@]}")
python3 - "$ROWS" "$DP" "$CP" "${DP_TIMES[0]}" <<'PY'
import sys
rows, dp, cp, first = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
print()
print(f"rows x columns       : {rows:,} x 20 numeric features (+ label, + key)")
print(f"data-prep (best)     : {dp/1000:7.2f} s  {rows/(dp/1000):>12,.0f} rows/s  (first run {first/1000:.2f} s)")
print(f"psql \\copy (best)    : {cp/1000:7.2f} s  {rows/(cp/1000):>12,.0f} rows/s")
print(f"ratio data-prep/copy : {dp/cp:7.2f}x  (target <= 1.5x)")
PY
