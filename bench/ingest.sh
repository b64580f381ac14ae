#!/usr/bin/env bash
# Ingest: readings per second from 1000 virtual agents through a private Mosquitto into the
# controller (rules, H2), against a bare MQTT subscriber on the same broker in the same run, and
# the latency from a critical reading at an agent to its alarm on the MQTT alarm topic.
#   bench/ingest.sh [options]     (needs mosquitto; about 4 minutes; --help lists the options)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Dstyle.color=never -DskipTests package -pl simulator -am
# A log line per connecting agent (and per agent the controller sees come online) would bury the result.
exec java ${BENCH_JAVA_OPTS:-} \
  -Dorg.slf4j.simpleLogger.log.id.jaga.sensors.mqtt.MqttLink=warn \
  -Dorg.slf4j.simpleLogger.log.id.jaga.controller.ingest.Ingest=warn \
  -cp simulator/target/jaga-sim.jar id.jaga.simulator.load.IngestBenchmark "$@"
