#!/usr/bin/env bash
# Failover latency: from a trigger becoming true to the DRC action and to the NOC message, over
# repeated automatic failovers and failbacks, against a bare HTTP POST and a bare MQTT round trip
# measured in the same run.
#   bench/failover.sh [rounds]      (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Dstyle.color=never -DskipTests package -pl simulator -am
log=${TMPDIR:-/tmp}/jaga-failover-bench.log
echo "(controller log: $log)" >&2
exec java -cp simulator/target/jaga-sim.jar id.jaga.simulator.failover.FailoverBenchmark "${1:-200}" 2>"$log"
