#!/usr/bin/env bash
# What authenticating an agent's message costs: HMAC-SHA256 sign (agent) and verify (controller) per
# message, against decoding the message (the baseline) and against Ed25519. About a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Dstyle.color=never -DskipTests package -pl simulator -am
exec java ${BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp simulator/target/jaga-sim.jar id.jaga.simulator.load.MessageAuthBenchmark "$@"
