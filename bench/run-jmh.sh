#!/usr/bin/env bash
# Runs the ingest-path JMH benchmarks (IngestPathBenchmark) with the GC profiler: about 6 minutes with the
# defaults (1 fork, 3 x 3 s warmup, 5 x 3 s measurement per benchmark). See bench/README.md.
#
#   bench/run-jmh.sh                         # all of them
#   bench/run-jmh.sh 'a_traces|b_traces'     # a regular expression over the benchmark names
#   JMH_OPTS='-f 2 -i 10' bench/run-jmh.sh   # more forks/iterations
#
# Needs `mvn -o -q -pl bench package` first (it writes bench/target/classpath.txt).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ -f "$root/bench/target/classpath.txt" ]] || { echo "run: mvn -o -q -pl bench package" >&2; exit 1; }
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
out="${OUT:-$root/bench/target/jmh-results}"
mkdir -p "$out"
filter="${1:-IngestPathBenchmark}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
timeout 1800 java -cp "$cp" org.openjdk.jmh.Main "$filter" -prof gc -rf json -rff "$out/ingest-path.json" \
  ${JMH_OPTS:-} | tee "$out/ingest-path.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
