#!/usr/bin/env bash
# Crash soak: the CrashRecoveryIT scenario (packaged server as a child process, exports over gRPC and HTTP,
# SIGKILL at random moments, every acknowledged item checked exactly once after each restart) with more
# cycles than the test suite runs. Usage: bench/crash-soak.sh [cycles, default 50] [seed]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cycles="${1:-50}"
seed="${2:-$RANDOM}"
echo "crash soak: $cycles kill -9 cycles, seed $seed"
mvn -B -q -DskipTests install -pl server -am
mvn -B -pl server failsafe:integration-test failsafe:verify -Dit.test=CrashRecoveryIT \
  -Dsightline.crash.cycles="$cycles" -Dsightline.crash.seed="$seed"
grep -h "crash recovery:" server/target/failsafe-reports/*CrashRecoveryIT-output.txt || true
