#!/usr/bin/env bash
# The controller's ingest path alone (decode, rules, H2), without a broker: readings per second and
# CPU per reading by thread. About 2 minutes; --help lists the options.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Dstyle.color=never -DskipTests package -pl simulator -am
exec java ${BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp simulator/target/jaga-sim.jar id.jaga.simulator.load.IngestPathBenchmark "$@"
