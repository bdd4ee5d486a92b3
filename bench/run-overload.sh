#!/usr/bin/env bash
# Overload benchmark (issue 6): the packaged server at -Xmx512m (bin/sightline), three phases on one fresh data
# directory per server. See bench/README.md ("run-overload.sh") and docs/benchmarks.md ("Overload").
#
#   1. capacity: closed-loop max rate for CAL_DURATION s (skipped when CAPACITY is given), on its own server;
#   2. overload: FACTOR x capacity, open loop, for DURATION s on a fresh server: accepted items/s, how fast
#      refusals are answered (from send) and whether they carry a retry hint, the heap (the server's own
#      after-GC gauge, sampled every 5 s), out-of-memory errors; then, with the load stopped, the time until a
#      normal export is accepted and a query finds it;
#   3. cardinality bomb on the same server: BOMB_VALUES distinct label values of one metric while 10 existing
#      series keep reporting; the active-series gauge, and whether the existing series were ever rejected and
#      are still queryable.
#
#   bench/run-overload.sh                          # the full run: 10 minutes of overload (needs ~50 GB of disk
#                                                  # for traces at 3 x 230k spans/s; the data dir is removed after)
#   DURATION=120 CAPACITY=150000 bench/run-overload.sh   # a short run with a known capacity
#
# Needs server/target/quarkus-app/quarkus-run.jar and bench/target/classpath.txt:
#   mvn -o -B -q -pl server,bench -am package -DskipTests
# Environment: DURATION (600), CAL_DURATION (30), CAPACITY (items/s; measured when unset), FACTOR (3),
# SIGNAL (traces), TARGET (grpc), CONCURRENCY (512, requests in flight at most), CONNECTIONS (8 gRPC channels), RECOVERY_LIMIT (120 s), BOMB_VALUES (1000000),
# OUT, GRPC_PORT, HTTP_PORT, API_PORT, SERVER_OPTS. Every loop is bounded by these.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/server/target/quarkus-app/quarkus-run.jar"
out="${OUT:-$root/bench/target/overload-results/$(date +%Y%m%d-%H%M%S)}"
grpc_port="${GRPC_PORT:-4317}"
http_port="${HTTP_PORT:-4318}"
api_port="${API_PORT:-16686}"
duration="${DURATION:-600}"
cal_duration="${CAL_DURATION:-30}"
factor="${FACTOR:-3}"
signal="${SIGNAL:-traces}"
target="${TARGET:-grpc}"
concurrency="${CONCURRENCY:-512}"
connections="${CONNECTIONS:-8}"
recovery_limit="${RECOVERY_LIMIT:-120}"
bomb_values="${BOMB_VALUES:-1000000}"

[[ -f "$jar" ]] || { echo "missing $jar: mvn -o -B -q -pl server,bench -am package -DskipTests" >&2; exit 1; }
[[ -f "$root/bench/target/classpath.txt" ]] || { echo "missing bench/target/classpath.txt: same command" >&2; exit 1; }
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
for port in "$grpc_port" "$http_port" "$api_port"; do
  if ss -ltn "sport = :$port" | grep -q LISTEN; then
    echo "port $port is already in use; set GRPC_PORT/HTTP_PORT/API_PORT" >&2
    exit 1
  fi
done
mkdir -p "$out"

server_pid=""
data_dir=""
sampler_pid=""
cleanup() {
  [[ -n "$sampler_pid" ]] && kill "$sampler_pid" 2>/dev/null || true
  sampler_pid=""
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
  [[ -n "$data_dir" && -d "$data_dir" ]] && rm -rf "$data_dir"
  data_dir=""
}
trap cleanup EXIT

start_server() { # name
  data_dir="$(mktemp -d /tmp/sightline-overload-XXXXXX)"
  mkdir -p "$data_dir/data"
  (
    cd "$data_dir"
    export SIGHTLINE_JAVA_OPTS="-Xmx512m -XX:+ExitOnOutOfMemoryError -Xlog:gc:file=$out/gc-$1.log:uptime ${SERVER_OPTS:-}"
    export SIGHTLINE_STORE_DATA_DIR="$data_dir/data"
    export SIGHTLINE_OTLP_GRPC_PORT="$grpc_port" SIGHTLINE_OTLP_HTTP_PORT="$http_port" SIGHTLINE_API_PORT="$api_port"
    exec "$root/bin/sightline"
  ) >"$out/server-$1.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null "http://127.0.0.1:$api_port/q/health/ready" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || { echo "server died; see $out/server-$1.log" >&2; return 1; }
    sleep 0.5
  done
  echo "server not ready after 120 s" >&2
  return 1
}

generator() { # label rate duration-seconds concurrency
  java -Xmx1g ${GEN_OPTS:-} -cp "$cp" dev.sightline.bench.LoadGenerator --label "$1" \
    --target "$target" --signal "$signal" --rate "$2" --batch 512 --concurrency "$4" --connections "$connections" \
    --warmup 10s --duration "${3}s" --timeout 30s --max-requests 5000000 \
    --grpc-port "$grpc_port" --http-port "$http_port" --metrics-url "http://127.0.0.1:$api_port/q/metrics" \
    --server-pid "$server_pid" --settle 0s
}

result_field() { # file key
  grep '^RESULT' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | tail -1
}

now_ms() { date +%s%3N; }

echo "results in $out"
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -srm); $(nproc) cores; $(java -version 2>&1 | head -1)"
  echo "# git HEAD $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo n/a); load average $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/results.txt"

# ---- 1. capacity
capacity="${CAPACITY:-}"
if [[ -z "$capacity" ]]; then
  echo "=== capacity: $signal over $target, max rate, ${cal_duration}s (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  start_server capacity
  generator capacity 0 "$cal_duration" 16 | tee "$out/capacity.txt"
  cleanup
  capacity="$(result_field "$out/capacity.txt" acked_per_s)"
  echo "CAPACITY measured=$capacity items/s over ${cal_duration}s" >>"$out/results.txt"
else
  echo "CAPACITY given=$capacity items/s" >>"$out/results.txt"
fi
offered=$(( ${capacity%.*} * factor ))

# ---- 2. overload
echo "=== overload: ${offered} $signal/s (${factor}x ${capacity}) for ${duration}s (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
start_server overload
(
  while kill -0 "$server_pid" 2>/dev/null; do
    m="$(curl -fsS -m 5 "http://127.0.0.1:$api_port/q/metrics" 2>/dev/null || true)"
    ratio="$(sed -n 's/^sightline_memory_heap_used_ratio \(.*\)$/\1/p' <<<"$m")"
    level="$(sed -n 's/^sightline_memory_guard_level \(.*\)$/\1/p' <<<"$m")"
    rss="$(ps -o rss= -p "$server_pid" 2>/dev/null | tr -d ' ')"
    echo "$(now_ms) ${ratio:-?} ${level:-?} ${rss:-?}"
    sleep 5
  done
) >"$out/heap.tsv" &
sampler_pid=$!
generator overload "$offered" "$duration" "$concurrency" | tee "$out/overload.txt"
load_stopped=$(now_ms)

# Recovery: a normal export accepted, then a query that finds it.
trace_id="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
body="{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"recovery\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":\"$trace_id\",\"spanId\":\"0102030405060708\",\"name\":\"probe\",\"kind\":2,\"startTimeUnixNano\":\"$(date +%s)000000000\",\"endTimeUnixNano\":\"$(date +%s)100000000\"}]}]}]}"
export_ok=""; query_ok=""
deadline=$(( load_stopped + recovery_limit * 1000 ))
while [[ -z "$query_ok" && $(now_ms) -lt $deadline ]]; do
  if [[ -z "$export_ok" ]]; then
    code="$(curl -s -o /dev/null -w '%{http_code}' -m 5 -H 'Content-Type: application/json' \
      --data "$body" "http://127.0.0.1:$http_port/v1/traces" || true)"
    [[ "$code" == "200" ]] && export_ok=$(now_ms)
  fi
  if [[ -n "$export_ok" ]]; then
    code="$(curl -s -o /dev/null -w '%{http_code}' -m 5 "http://127.0.0.1:$api_port/api/traces/$trace_id" || true)"
    [[ "$code" == "200" ]] && query_ok=$(now_ms)
  fi
  [[ -z "$query_ok" ]] && sleep 0.1
done
kill "$sampler_pid" 2>/dev/null || true
sampler_pid=""
alive=no; kill -0 "$server_pid" 2>/dev/null && alive=yes
ooms="$(grep -c 'OutOfMemoryError' "$out/server-overload.log" || true)"
heap_max="$(awk '$2 != "?" { if ($2 > m) m = $2 } END { printf "%.3f", m }' "$out/heap.tsv")"
soft_samples="$(awk '$3 != "?" && $3 >= 1 { n++ } END { print n + 0 }' "$out/heap.tsv")"
samples="$(wc -l <"$out/heap.tsv")"
full_gcs="$(grep -c 'Pause Full' "$out/gc-overload.log" || true)"
recovery_export=$([[ -n "$export_ok" ]] && echo $(( export_ok - load_stopped )) || echo "none")
recovery_query=$([[ -n "$query_ok" ]] && echo $(( query_ok - load_stopped )) || echo "none")
{
  echo "$(grep '^RESULT' "$out/overload.txt")"
  echo "OVERLOAD offered_per_s=$offered capacity=$capacity accepted_fraction=$(awk -v a="$(result_field "$out/overload.txt" acked_per_s)" -v c="$capacity" 'BEGIN { printf "%.3f", a / c }') server_alive=$alive oom_errors=$ooms full_gcs=$full_gcs heap_after_gc_max=$heap_max guard_soft_samples=$soft_samples/$samples recovery_export_ms=$recovery_export recovery_query_ms=$recovery_query"
} | tee -a "$out/results.txt"

# ---- 3. cardinality bomb
if [[ "$alive" == "yes" && "$bomb_values" -gt 0 ]]; then
  echo "=== cardinality bomb: $bomb_values label values (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  java -Xmx512m -cp "$cp" dev.sightline.bench.CardinalityBomb --grpc-port "$grpc_port" --api-port "$api_port" \
    --values "$bomb_values" | tee "$out/bomb.txt"
  grep '^RESULT' "$out/bomb.txt" >>"$out/results.txt" || echo "RESULT label=cardinality-bomb missing" >>"$out/results.txt"
  m="$(curl -fsS -m 5 "http://127.0.0.1:$api_port/q/metrics" || true)"
  grep -E '^sightline_ingest_limited_total\{reason="series"|^sightline_memory_heap_used_ratio' <<<"$m" \
    | sed 's/^/BOMB_METRIC /' >>"$out/results.txt" || true
fi
cleanup
echo
cat "$out/results.txt"
