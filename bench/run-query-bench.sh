#!/usr/bin/env bash
# The query-API benchmark of issue 3: starts the packaged server (bin/sightline, -Xmx1g) on a fresh data directory
# under /tmp, loads a simulated day (DayLoader: 10 million spans from 20 services, logs and metrics in proportion),
# waits for the indexer, measures each kind of query (QueryBench), and reports heap and disk used. See
# bench/README.md; results of a run are in docs/benchmarks.md.
#
#   bench/run-query-bench.sh                 # builds server and bench, then about 10-20 minutes
#
# Environment: SPANS (default 10000000), HEAP (server -Xmx, default 1g), REQUESTS (measured per kind, default 500),
# BUILD=0 (use the jars already built), PROFILE=1 (a second, shorter query pass under JFR, summarized),
# KEEP_DATA=1 (keep the data directory), OUT (results directory), GRPC_PORT/HTTP_PORT/API_PORT (defaults 14317,
# 14318, 16687, away from a Sightline on the default ports), SERVER_OPTS (extra server JVM options).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/server/target/quarkus-app/quarkus-run.jar"
out="${OUT:-$root/bench/target/query-results/$(date +%Y%m%d-%H%M%S)}"
grpc_port="${GRPC_PORT:-14317}"
http_port="${HTTP_PORT:-14318}"
api_port="${API_PORT:-16687}"
spans="${SPANS:-10000000}"
heap="${HEAP:-1g}"
requests="${REQUESTS:-500}"
api="http://127.0.0.1:$api_port"

if [[ "${BUILD:-1}" == "1" ]]; then
  echo "building server and bench (mvn -o -q -DskipTests package -pl server,bench -am)"
  (cd "$root" && mvn -o -q -DskipTests package -pl server,bench -am)
fi
[[ -f "$jar" ]] || { echo "missing $jar: build first (or drop BUILD=0)" >&2; exit 1; }
[[ -f "$root/bench/target/classpath.txt" ]] || { echo "missing bench/target/classpath.txt: build first" >&2; exit 1; }
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
for port in "$grpc_port" "$http_port" "$api_port"; do
  if ss -ltn "sport = :$port" | grep -q LISTEN; then
    echo "port $port is already in use; set GRPC_PORT/HTTP_PORT/API_PORT" >&2
    exit 1
  fi
done
mkdir -p "$out"
data_dir="$(mktemp -d /tmp/sightline-qbench-XXXXXX)"
server_pid=""

cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  if [[ "${KEEP_DATA:-0}" != "1" ]]; then rm -rf "$data_dir"; else echo "data kept in $data_dir"; fi
}
trap cleanup EXIT

report() { echo "$*" | tee -a "$out/results.txt"; }

# Heap after a full GC (what the data set keeps alive), from the server's own metrics; peak RSS from the kernel.
memory() { # label
  jcmd "$server_pid" GC.run >/dev/null
  sleep 2
  local heap_used
  heap_used="$(curl -fsS "$api/q/metrics" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { printf "%.0f", s / 1048576 }')"
  local hwm rss
  hwm="$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status")"
  rss="$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status")"
  report "memory $1: heap used after full GC ${heap_used} MiB (-Xmx$heap); RSS ${rss} MiB, peak RSS (VmHWM) ${hwm} MiB"
}

disk() { # label
  local d="$data_dir/data" line="disk $1:"
  for sub in "" wal wal/traces wal/logs wal/metrics index rollup; do
    [[ -e "$d/$sub" ]] || continue
    line="$line ${sub:-total}=$(du -sb "$d/$sub" | cut -f1) B ($(du -s -B1 "$d/$sub" | cut -f1) allocated);"
  done
  report "$line"
}

server_cpu() { # CPU seconds of the server so far (utime + stime)
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); split($0, f, " "); printf "%.1f", (f[12] + f[13]) / hz }' \
    "/proc/$server_pid/stat"
}

echo "results in $out; data in $data_dir"
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -srm); $(nproc) cores; $(java -version 2>&1 | head -1)"
  echo "# server jar built $(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ); git HEAD $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo n/a)"
  echo "# server: bin/sightline -Xmx$heap, ports grpc $grpc_port http $http_port api $api_port; $spans spans"
} >"$out/results.txt"

(
  cd "$data_dir"
  export SIGHTLINE_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$out/gc.log:uptime ${SERVER_OPTS:-}"
  export SIGHTLINE_STORE_DATA_DIR="$data_dir/data"
  export SIGHTLINE_OTLP_GRPC_PORT="$grpc_port" SIGHTLINE_OTLP_HTTP_PORT="$http_port" SIGHTLINE_API_PORT="$api_port"
  exec "$root/bin/sightline"
) >"$out/server.log" 2>&1 &
server_pid=$!
for i in $(seq 1 240); do
  curl -fsS -o /dev/null "$api/q/health/ready" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "server died; see $out/server.log" >&2; tail -20 "$out/server.log" >&2; exit 1; }
  [[ $i == 240 ]] && { echo "server not ready after 120 s" >&2; exit 1; }
  sleep 0.5
done

report "uptime before load: $(uptime)"
cpu0="$(server_cpu)"
java -Xmx1g -cp "$cp" dev.sightline.bench.query.DayLoader --spans "$spans" --grpc-port "$grpc_port" \
  --samples "$out/samples.tsv" | tee "$out/load.txt"
cpu1="$(server_cpu)"
grep '^RESULT' "$out/load.txt" >>"$out/results.txt"
report "server CPU during the load: $(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.1f", b - a }') CPU-s"
report "uptime after load: $(uptime)"
memory "after load"
disk "after load"

java -Xmx512m -cp "$cp" dev.sightline.bench.query.QueryBench --api "$api" --samples "$out/samples.tsv" \
  --requests "$requests" | tee "$out/query.txt"
grep '^RESULT' "$out/query.txt" >>"$out/results.txt"
report "uptime after queries: $(uptime)"
memory "after load and queries"
disk "after load and queries"

if [[ "${PROFILE:-0}" == "1" ]]; then
  # A separate, shorter pass, so the profiler's cost is not in the figures above.
  jcmd "$server_pid" JFR.start name=qbench settings=profile "filename=$out/profile-queries.jfr" >/dev/null
  java -Xmx512m -cp "$cp" dev.sightline.bench.query.QueryBench --api "$api" --samples "$out/samples.tsv" \
    --requests 100 --warmup 10 >"$out/query-profiled.txt"
  jcmd "$server_pid" JFR.stop name=qbench >/dev/null
  java -cp "$cp" dev.sightline.bench.ProfileSummary "$out/profile-queries.jfr" 40 >"$out/profile-queries.txt" || true
  echo "profile: $out/profile-queries.txt"
fi

awk '/Pause/ { ms = substr($NF, 1, length($NF) - 2) + 0; n++; total += ms; if (ms > max) max = ms }
     END { printf "gc: %d pauses over the server run, %.0f ms in all, longest %.1f ms\n", n, total, max }' \
  "$out/gc.log" | tee -a "$out/results.txt"
echo
cat "$out/results.txt"
