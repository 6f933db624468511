#!/usr/bin/env bash
# Starts the whole suite on this machine with embedded defaults and sample data:
# builds the jars, generates and lands sample exports the first time, runs the daily pipeline
# (bronze-to-silver, silver-to-gold, catalog),
# then serves batch-etl (8083), ingest-api (8081) and query-service (8082) until Ctrl-C.
# Everything lives under $SALESTECH_DATA_DIR (default ./data); delete it to start over.
set -euo pipefail
cd "$(dirname "$0")"
export SALESTECH_DATA_DIR="${SALESTECH_DATA_DIR:-$PWD/data}"
SALES="${SALES:-100000}"

./mvnw -B -q -DskipTests package
mkdir -p "$SALESTECH_DATA_DIR/logs"
# the launcher sets the heap and uses class data sharing (prepared once per build)
etl=(batch-etl/bin/batch-etl)

if [ ! -f "$SALESTECH_DATA_DIR/sample/.landed" ]; then
  "${etl[@]}" generate --sales "$SALES" --demand retail --out "$SALESTECH_DATA_DIR/sample"
  "${etl[@]}" land "$SALESTECH_DATA_DIR/sample" > "$SALESTECH_DATA_DIR/logs/land.log"
  touch "$SALESTECH_DATA_DIR/sample/.landed"
fi
"${etl[@]}" run daily-pipeline > "$SALESTECH_DATA_DIR/logs/daily-pipeline.log" 2>&1 \
  || echo "daily-pipeline did not complete cleanly: see $SALESTECH_DATA_DIR/logs/daily-pipeline.log"
grep -A9 -E '(bronze-to-silver|silver-to-gold|forecast) run' "$SALESTECH_DATA_DIR/logs/daily-pipeline.log" \
  | grep -v ' INFO ' | cut -c1-160 || true

pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
"${etl[@]}" > "$SALESTECH_DATA_DIR/logs/batch-etl.log" 2>&1 &
pids+=($!)
for service in ingest-api query-service; do
  java -Xmx512m -jar "$service/target/$service.jar" > "$SALESTECH_DATA_DIR/logs/$service.log" 2>&1 &
  pids+=($!)
done
cat <<MSG

Sales Tech is running (logs in $SALESTECH_DATA_DIR/logs, lake in $SALESTECH_DATA_DIR/lake):
  batch-etl      http://localhost:8083  (jobs API, key: local-dev-api-key)
  ingest-api     http://localhost:8081
  query-service  http://localhost:8082
Try:
  curl -s -X POST -H 'X-API-Key: local-dev-api-key' http://localhost:8083/api/v1/jobs/daily-pipeline/runs
Ctrl-C stops everything.
MSG
wait
