#!/usr/bin/env bash
# Runs the load scenarios against the packaged server, each on a fresh data directory and a fresh server
# (bin/sightline with -Xmx512m), and profiles the server's CPU during the max-rate runs. See bench/README.md.
#
#   bench/run-load.sh                      # every scenario (about 10 minutes)
#   bench/run-load.sh traces-grpc-max      # only the named ones; `bench/run-load.sh --list` names them
#
# Needs: server/target/quarkus-app/quarkus-run.jar and `mvn -o -pl bench package` (bench/target/classpath.txt).
# Every load loop is bounded: warmup + duration per scenario, plus the generator's request cap.
# Environment: OUT (results directory), PROFILE=0 (no profiler), GRPC_PORT, HTTP_PORT, API_PORT,
# SERVER_OPTS (extra JVM options for the server), GEN_OPTS (extra JVM options for the generator).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/server/target/quarkus-app/quarkus-run.jar"
classes="$root/bench/target/classes"
out="${OUT:-$root/bench/target/load-results/$(date +%Y%m%d-%H%M%S)}"
grpc_port="${GRPC_PORT:-4317}"
http_port="${HTTP_PORT:-4318}"
api_port="${API_PORT:-16686}"
profile="${PROFILE:-1}"

scenarios_all=(traces-grpc-max traces-grpc-50k logs-grpc-max logs-grpc-50k metrics-grpc-max metrics-grpc-100k
  traces-http-max traces-http-50k traces-grpc-max-fsync-always)

# name -> "target signal rate warmup duration concurrency profile server-extra-options"
scenario() {
  case "$1" in
    traces-grpc-max)            echo "grpc traces 0 10s 60s 16 yes" ;;
    traces-grpc-50k)            echo "grpc traces 50000 10s 60s 64 no" ;;
    logs-grpc-max)              echo "grpc logs 0 10s 30s 16 yes" ;;
    logs-grpc-50k)              echo "grpc logs 50000 10s 30s 64 no" ;;
    metrics-grpc-max)           echo "grpc metrics 0 10s 30s 16 yes" ;;
    metrics-grpc-100k)          echo "grpc metrics 100000 10s 30s 64 no" ;;
    traces-http-max)            echo "http traces 0 10s 30s 16 no" ;;
    traces-http-50k)            echo "http traces 50000 10s 30s 64 no" ;;
    traces-grpc-max-fsync-always) echo "grpc traces 0 10s 30s 16 no -Dsightline.store.fsync=always" ;;
    *) return 1 ;;
  esac
}

if [[ "${1:-}" == "--list" ]]; then
  for s in "${scenarios_all[@]}"; do printf '%-30s %s\n' "$s" "$(scenario "$s")"; done
  exit 0
fi
selected=("$@")
[[ ${#selected[@]} -eq 0 ]] && selected=("${scenarios_all[@]}")
for s in "${selected[@]}"; do scenario "$s" >/dev/null || { echo "unknown scenario: $s (--list)" >&2; exit 2; }; done

[[ -f "$jar" ]] || { echo "missing $jar: build the server first (mvn -DskipTests install)" >&2; exit 1; }
[[ -f "$root/bench/target/classpath.txt" ]] || { echo "run: mvn -o -q -pl bench package" >&2; exit 1; }
cp="$classes:$(cat "$root/bench/target/classpath.txt")"
for port in "$grpc_port" "$http_port" "$api_port"; do
  if ss -ltn "sport = :$port" | grep -q LISTEN; then
    echo "port $port is already in use; set GRPC_PORT/HTTP_PORT/API_PORT" >&2
    exit 1
  fi
done
mkdir -p "$out"

# async-profiler from Maven Central (tools.profiler:async-profiler), else JFR.
profiler_lib=""
ap_jar="$(ls "$HOME"/.m2/repository/tools/profiler/async-profiler/*/async-profiler-*.jar 2>/dev/null | tail -1 || true)"
if [[ "$profile" == "1" && -n "$ap_jar" ]]; then
  mkdir -p "$root/bench/target/async-profiler"
  unzip -o -q "$ap_jar" 'linux-x64/*' -d "$root/bench/target/async-profiler"
  profiler_lib="$root/bench/target/async-profiler/linux-x64/libasyncProfiler.so"
fi

server_pid=""
data_dir=""
cleanup() {
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

start_server() { # name, extra JVM options
  data_dir="$(mktemp -d /tmp/sightline-load-XXXXXX)"
  mkdir -p "$data_dir/data"
  (
    cd "$data_dir"
    export SIGHTLINE_JAVA_OPTS="-Xmx512m -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
      -Xlog:gc:file=$out/gc-$1.log:uptime ${SERVER_OPTS:-} $2"
    export SIGHTLINE_STORE_DATA_DIR="$data_dir/data"
    export SIGHTLINE_OTLP_GRPC_PORT="$grpc_port" SIGHTLINE_OTLP_HTTP_PORT="$http_port" SIGHTLINE_API_PORT="$api_port"
    exec "$root/bin/sightline"
  ) >"$out/server-$1.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$api_port/q/health/ready" 2>/dev/null; then
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || { echo "server died; see $out/server-$1.log" >&2; tail -20 "$out/server-$1.log" >&2; return 1; }
    sleep 0.5
  done
  echo "server not ready after 120 s" >&2
  return 1
}

profile_window() { # name, warmup seconds, duration seconds  (runs in the background)
  local name=$1 warm=$2 dur=$3
  sleep "$warm"
  if [[ -n "$profiler_lib" ]]; then
    jcmd "$server_pid" JVMTI.agent_load "$profiler_lib" "\"start,event=cpu,interval=10ms,threads\"" >/dev/null
    sleep "$dur"
    jcmd "$server_pid" JVMTI.agent_load "$profiler_lib" \
      "\"stop,threads,file=$out/profile-$name.collapsed,collapsed\"" >/dev/null
  else
    jcmd "$server_pid" JFR.start name=bench settings=profile "filename=$out/profile-$name.jfr" >/dev/null
    sleep "$dur"
    jcmd "$server_pid" JFR.stop name=bench >/dev/null
  fi
}

secs() { local d=$1; d=${d%s}; echo "$d"; }

echo "results in $out"
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -srm); $(nproc) cores; $(java -version 2>&1 | head -1)"
  echo "# profiler: ${profiler_lib:-JFR}"
  echo "# server jar built $(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ); git HEAD $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo n/a)"
} >"$out/results.txt"

for name in "${selected[@]}"; do
  read -r target signal rate warmup duration conc prof extra <<<"$(scenario "$name")"
  echo "=== $name (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  start_server "$name" "${extra:-}"
  prof_pid=""
  if [[ "$prof" == "yes" && "$profile" == "1" ]]; then
    profile_window "$name" "$(secs "$warmup")" "$(secs "$duration")" &
    prof_pid=$!
  fi
  # shellcheck disable=SC2086
  java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager ${GEN_OPTS:-} -cp "$cp" \
    dev.sightline.bench.LoadGenerator --label "$name" \
    --target "$target" --signal "$signal" --rate "$rate" --batch 512 --concurrency "$conc" \
    --warmup "$warmup" --duration "$duration" --grpc-port "$grpc_port" --http-port "$http_port" \
    --metrics-url "http://127.0.0.1:$api_port/q/metrics" \
    --server-pid "$server_pid" --data-dir "$data_dir/data" | tee "$out/$name.txt"
  if [[ -n "$prof_pid" ]]; then
    wait "$prof_pid" || true
    for f in "$out/profile-$name.collapsed" "$out/profile-$name.jfr"; do
      if [[ -f "$f" ]]; then
        java -cp "$cp" dev.sightline.bench.ProfileSummary "$f" 25 >"$out/profile-$name.txt" || true
        echo "profile: $out/profile-$name.txt"
      fi
    done
  fi
  # GC pauses of the whole server run (the log has uptime stamps; the window starts ~warmup after ready).
  awk '/Pause/ { ms = substr($NF, 1, length($NF) - 2) + 0; n++; total += ms; if (ms > max) max = ms }
       END { printf "gc: %d pauses, %.0f ms in all, longest %.1f ms\n", n, total, max }' \
    "$out/gc-$name.log" | tee -a "$out/$name.txt"
  grep '^RESULT' "$out/$name.txt" >>"$out/results.txt" || echo "RESULT label=$name missing" >>"$out/results.txt"
  cleanup
done
echo
cat "$out/results.txt"
