#!/usr/bin/env bash
# Agent footprint: resident memory, CPU and time to first publish with 20 sensors polled every
# second, against an idle JVM with the same flags as the baseline, in the same run.
#   bench/agent-footprint.sh [seconds-to-sample]     (needs mosquitto and mosquitto_sub)
set -euo pipefail
cd "$(dirname "$0")/.."
sample=${1:-60}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
[ -f firmware-agent/target/jaga-agent.jar ] || mvn -B -q -DskipTests package -pl firmware-agent -am
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" > "$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done

# The agent signs its messages with its own key (docs/protocol.md): a throwaway one.
printf 'k1 %s\n' "$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" > "$work/pi-1.keys"
chmod 600 "$work/pi-1.keys"
# The production agent has real drivers only: 20 DS18B20s in a 1-wire folder of our own, read
# through the real driver (file read, CRC line, parsing) as on a Pi.
{
  printf 'site: {id: bench}\nbroker: {uris: [tcp://127.0.0.1:%s]}\nrooms: [{id: room}]\n' "$port"
  printf 'agents: [{id: pi-1, room: room, publishInterval: 1s, keyFile: "%s"}]\nracks:\n  - id: rack\n    room: room\n    sensors:\n' \
    "$work/pi-1.keys"
  for i in $(seq 1 20); do
    serial=$(printf '28-0316a27900%02x' "$i")
    mkdir -p "$work/w1/$serial"
    printf '72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=%d\n' $((22000 + i * 125)) > "$work/w1/$serial/w1_slave"
    printf '      - {id: s%02d, kind: temperature, agent: pi-1, pollInterval: 1s, driver: {type: ds18b20, serial: %s, basePath: "%s"}}\n' \
      "$i" "$serial" "$work/w1"
  done
} > "$work/site.yaml"

flags=${AGENT_JAVA_OPTS:-"-Xmx32m -Xms8m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m"}
mkdir -p "$work/idle"
printf 'public class Idle { public static void main(String[] a) throws Exception { Thread.sleep(Long.MAX_VALUE); } }\n' > "$work/idle/Idle.java"
javac -d "$work/idle" "$work/idle/Idle.java"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
measure() { # pid -> "rss_mb cpu_percent"
  local pid=$1 hz; hz=$(getconf CLK_TCK)
  sleep 15 # settle after start-up and JIT
  local t0 c0 t1 c1; t0=$(date +%s.%N); c0=$(cpu_ticks "$pid")
  sleep "$sample"
  t1=$(date +%s.%N); c1=$(cpu_ticks "$pid")
  awk -v rss="$(rss_kb "$pid")" -v c="$((c1 - c0))" -v hz="$hz" -v t0="$t0" -v t1="$t1" \
    'BEGIN { printf "%d %.2f\n", rss / 1024, 100 * c / hz / (t1 - t0) }'
}

java $flags -cp "$work/idle" Idle & idle=$!
read -r idle_rss idle_cpu < <(measure $idle)
kill $idle

mosquitto_sub -p "$port" -t 'jaga/v1/bench/agent/pi-1/telemetry' -C 1 > /dev/null & sub=$!
sleep 0.5
start=$(date +%s%N)
java $flags -jar firmware-agent/target/jaga-agent.jar --site "$work/site.yaml" --agent pi-1 --state-dir "$work/state" > "$work/agent.log" 2>&1 & agent=$!
wait $sub
first_ms=$(( ($(date +%s%N) - start) / 1000000 ))
read -r agent_rss agent_cpu < <(measure $agent)
kill $agent

echo "| process | resident MB | CPU % of one core | first publish ms |"
echo "|---|---|---|---|"
echo "| idle JVM (baseline, same flags) | $idle_rss | $idle_cpu | - |"
echo "| agent, 20 sensors at 1 s | $agent_rss | $agent_cpu | $first_ms |"
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1); flags: $flags; sampled ${sample}s; $(date -u +%Y-%m-%d)"
