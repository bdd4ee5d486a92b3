#!/usr/bin/env bash
# The web UI benchmark of issue 5: starts the packaged server (bin/sightline, -Xmx1g) on a fresh data directory
# under /tmp, loads the query benchmark's simulated day (DayLoader: 10 million spans by default), then UiBench adds
# one trace of 10,000 spans, waits for the indexer, times every page over loopback and opens the big trace in
# headless Chromium. The machine's load is sampled every 5 s throughout. See bench/README.md; results of a run
# are in docs/benchmarks.md.
#
#   bench/run-ui-bench.sh                          # builds server and bench, then about 10-20 minutes
#   bench/run-ui-bench.sh --spans 200000 --requests 20 --browser-runs 2     # a quick smoke run
#
# Options (or environment): --spans N (SPANS, default 10000000), --requests N (REQUESTS, measured per page,
# default 200), --browser-runs K (BROWSER_RUNS, default 10). Environment: HEAP (server -Xmx, default 1g), BUILD=0
# (use the jars already built), KEEP_DATA=1, OUT (results directory), GRPC_PORT/HTTP_PORT/API_PORT (defaults 15317,
# 15318, 16688, away from a Sightline on the defaults and from the query bench), SERVER_OPTS (extra server JVM
# options), ARGS (extra UiBench options, e.g. "--only trace-10k,logs-errors").
set -euo pipefail

spans="${SPANS:-10000000}"
requests="${REQUESTS:-200}"
browser_runs="${BROWSER_RUNS:-10}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --spans) spans="$2"; shift 2 ;;
    --requests) requests="$2"; shift 2 ;;
    --browser-runs) browser_runs="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/server/target/quarkus-app/quarkus-run.jar"
out="${OUT:-$root/bench/target/ui-results/$(date +%Y%m%d-%H%M%S)}"
grpc_port="${GRPC_PORT:-15317}"
http_port="${HTTP_PORT:-15318}"
api_port="${API_PORT:-16688}"
heap="${HEAP:-1g}"
api="http://127.0.0.1:$api_port"

if [[ "${BUILD:-1}" == "1" ]]; then
  echo "building server and bench (mvn -o -q -B -DskipTests package -pl server,bench -am)"
  (cd "$root" && mvn -o -q -B -DskipTests package -pl server,bench -am)
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
data_dir="$(mktemp -d /tmp/sightline-uibench-XXXXXX)"
server_pid=""
sampler_pid=""

cleanup() {
  if [[ -n "$sampler_pid" ]] && kill -0 "$sampler_pid" 2>/dev/null; then kill "$sampler_pid" 2>/dev/null || true; fi
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  if [[ "${KEEP_DATA:-0}" != "1" ]]; then rm -rf "$data_dir"; else echo "data kept in $data_dir"; fi
}
trap cleanup EXIT

report() { echo "$*" | tee -a "$out/results.txt"; }

memory() { # label: heap after a full GC (from the server's own metrics) and RSS
  jcmd "$server_pid" GC.run >/dev/null
  sleep 2
  local heap_used hwm rss
  heap_used="$(curl -fsS "$api/q/metrics" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { printf "%.0f", s / 1048576 }')"
  hwm="$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status")"
  rss="$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status")"
  report "memory $1: heap used after full GC ${heap_used} MiB (-Xmx$heap); RSS ${rss} MiB, peak RSS (VmHWM) ${hwm} MiB"
}

server_cpu() { # CPU seconds of the server so far (utime + stime)
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); split($0, f, " "); printf "%.1f", (f[12] + f[13]) / hz }' \
    "/proc/$server_pid/stat"
}

# Every 5 s: load average, the whole machine's busy share (all cores, from /proc/stat) and the server's CPU.
sample_machine() {
  local prev_busy prev_total prev_server
  read -r prev_busy prev_total < <(awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat)
  prev_server="$(server_cpu)"
  echo "epoch_s,load1,machine_busy_pct,server_cores"
  while sleep 5; do
    local busy total server
    read -r busy total < <(awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat)
    server="$(server_cpu 2>/dev/null || echo "$prev_server")"
    awk -v b="$busy" -v pb="$prev_busy" -v t="$total" -v pt="$prev_total" -v s="$server" -v ps="$prev_server" \
      -v l="$(cut -d' ' -f1 /proc/loadavg)" -v now="$(date +%s)" \
      'BEGIN { printf "%d,%s,%.1f,%.2f\n", now, l, (t > pt ? 100 * (b - pb) / (t - pt) : 0), (s - ps) / 5 }'
    prev_busy="$busy"; prev_total="$total"; prev_server="$server"
  done
}

machine_summary() { # label file from_epoch
  awk -F, -v from="$3" -v label="$1" 'NR > 1 && $1 >= from { n++; l += $2; b += $3; s += $4; if ($2 > lm) lm = $2; if ($3 > bm) bm = $3 }
    END { if (n) printf "machine during %s (%d samples of 5 s): load average 1m mean %.2f, max %.2f; all cores busy mean %.0f %%, max %.0f %%; server %.2f cores on average\n", label, n, l / n, lm, b / n, bm, s / n }' "$2" \
    | tee -a "$out/results.txt"
}

echo "results in $out; data in $data_dir"
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -srm); $(nproc) cores; $(java -version 2>&1 | head -1)"
  echo "# server jar built $(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ); git HEAD $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo n/a)"
  echo "# server: bin/sightline -Xmx$heap, ports grpc $grpc_port http $http_port api $api_port; $spans spans; $requests requests a page; $browser_runs browser runs"
  echo "# UI features in this build: $(ls "$root/web-ui/src/main/java/dev/sightline/ui/" | tr '\n' ' ')"
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

sample_machine >"$out/machine.csv" &
sampler_pid=$!
load_start="$(date +%s)"
report "uptime before load: $(uptime)"
cpu0="$(server_cpu)"
java -Xmx1g -cp "$cp" dev.sightline.bench.query.DayLoader --spans "$spans" --grpc-port "$grpc_port" \
  --samples "$out/samples.tsv" | tee "$out/load.txt"
cpu1="$(server_cpu)"
grep '^RESULT' "$out/load.txt" >>"$out/results.txt"
report "server CPU during the load: $(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.1f", b - a }') CPU-s"
report "uptime after load: $(uptime)"
machine_summary "the load" "$out/machine.csv" "$load_start"
memory "after load"

pages_start="$(date +%s)"
report "other processes at the start of the UI phase (ps: share of a core over each process's life): $(ps -eo pcpu=,comm= --sort=-pcpu | head -6 | awk '{ printf "%s %s%%; ", $2, $1 }')"
# shellcheck disable=SC2086
java -Xmx512m -cp "$cp" dev.sightline.bench.ui.UiBench --api "$api" --grpc-port "$grpc_port" \
  --samples "$out/samples.tsv" --requests "$requests" --browser-runs "$browser_runs" \
  --results "$out/results.txt" ${ARGS:-} | tee "$out/ui.txt"
report "uptime after the UI bench: $(uptime)"
machine_summary "the UI bench (index wait, big trace, pages, browser)" "$out/machine.csv" "$pages_start"
memory "after the UI bench"

awk '/Pause/ { ms = substr($NF, 1, length($NF) - 2) + 0; n++; total += ms; if (ms > max) max = ms }
     END { printf "gc: %d pauses over the server run, %.0f ms in all, longest %.1f ms\n", n, total, max }' \
  "$out/gc.log" | tee -a "$out/results.txt"
echo
cat "$out/results.txt"
