#!/usr/bin/env bash
# The alerting benchmark of issue 4, in one JVM (AlertingBench): a real EmbeddedStore on a fresh directory under
# /tmp loaded with 3 days + 1 h of span traffic of 200 services x 5 operations, 1,000 SLOs and 1,000 rules read
# from generated YAML files, the engine assembled as the server does it; then the first round (SLO backfill), 60
# simulated steady rounds 15 s apart with new traffic between them, a restart (SLO histories saved, a second engine
# on the same alerting database, its first round timed after 5 more minutes of traffic), and 10 webhook-latency
# samples with the real EvaluationLoop on the system clock. See bench/README.md; results of a run are in
# docs/benchmarks.md.
#
#   bench/run-alerting-bench.sh              # builds alerting and bench, then about 6 minutes
#
# Environment: BUILD=0 (use the jars already built), BUILD_DIR (Maven build directory name, default target; the
# property sightline.buildDirectory), HEAP (-Xmx, default 2g), PROFILE=1 (JFR recordings of the first round and of
# the steady rounds, summarized in the results; the profiler is then in the figures, so run it apart), OUT
# (results directory), ARGS (more AlertingBench options: --services --per-minute --days --rounds --restart-gap
# --samples --interval --burst --seed --keep).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${BUILD_DIR:-target}"
out="${OUT:-$root/bench/$build_dir/alerting-results/$(date +%Y%m%d-%H%M%S)}"
heap="${HEAP:-2g}"

if [[ "${BUILD:-1}" == "1" ]]; then
  echo "building alerting and bench (mvn -o -q -DskipTests package -pl bench -am -Dsightline.buildDirectory=$build_dir)"
  (cd "$root" && mvn -o -q -B -DskipTests package -pl bench -am -Dsightline.buildDirectory="$build_dir")
fi
classpath_file="$root/bench/$build_dir/classpath.txt"
[[ -f "$classpath_file" ]] || { echo "missing $classpath_file: build first (or drop BUILD=0)" >&2; exit 1; }
cp="$root/bench/$build_dir/classes:$(cat "$classpath_file")"
mkdir -p "$out"

extra=()
[[ "${PROFILE:-0}" == "1" ]] && extra+=(--profile)

echo "machine before: $(uptime)" | tee "$out/machine.txt"
# Chronicle Map (the store's hot maps) needs these JDK internals opened: the flags of bin/sightline.
java -Xmx"$heap" -XX:+UseG1GC \
  --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED \
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED \
  --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED \
  --add-opens=java.base/java.lang=ALL-UNNAMED \
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
  --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED \
  -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$cp" dev.sightline.bench.alerting.AlertingBench --out "$out" "${extra[@]}" ${ARGS:-} 2>&1 \
  | tee "$out/output.txt"
echo "machine after: $(uptime)" | tee -a "$out/machine.txt"
echo "results in $out"
