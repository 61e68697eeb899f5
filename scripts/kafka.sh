#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft) for development, tests, CI and the demo.
#   scripts/kafka.sh fetch    download the broker jars from Maven Central (once)
#   scripts/kafka.sh start    format storage if new, start, wait until it answers
#   scripts/kafka.sh stop     stop the broker this script started
#   scripts/kafka.sh status   say whether it runs
# Settings (environment): KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (19093),
# KAFKA_HOME (.kafka under the project: data, logs, pid), KAFKA_HEAP (512m).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${KAFKA_PORT:-19092}
CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}
HOME_DIR=${KAFKA_HOME:-$ROOT/.kafka}
HEAP=${KAFKA_HEAP:-512m}
LIBS=$ROOT/infra/kafka/libs
PID_FILE=$HOME_DIR/kafka.pid

log() { printf '[kafka] %s\n' "$*" >&2; }

fetch() {
  if [ -f "$LIBS/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || { log "mvn not found: install Maven (it fetches the broker from Maven Central)"; exit 1; }
  log "fetching Apache Kafka jars from Maven Central into infra/kafka/libs …"
  rm -rf "$LIBS"
  mvn -B -q -f "$ROOT/infra/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIBS"
  touch "$LIBS/.complete"
  log "fetched $(ls "$LIBS"/*.jar | wc -l) jars ($(du -sh "$LIBS" | cut -f1))"
}

running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

start() {
  fetch
  if running; then log "already running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"; return 0; fi
  if answers; then log "port $PORT is taken by another process: set KAFKA_PORT"; exit 1; fi
  command -v java >/dev/null || { log "java not found: install a JDK 17+"; exit 1; }
  mkdir -p "$HOME_DIR/logs"
  sed -e "s#@PORT@#$PORT#g" -e "s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g" -e "s#@DATA_DIR@#$HOME_DIR#g" \
    "$ROOT/infra/kafka/server.properties.template" >"$HOME_DIR/server.properties"
  if [ ! -f "$HOME_DIR/data/meta.properties" ]; then
    log "formatting KRaft storage in $HOME_DIR/data"
    java -cp "$LIBS/*" -Dlog4j.configuration="file:$ROOT/infra/kafka/log4j.properties" -Dkafka.logs.dir="$HOME_DIR/logs" \
      kafka.tools.StorageTool format -t "$(java -cp "$LIBS/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)" \
      -c "$HOME_DIR/server.properties" --ignore-formatted >"$HOME_DIR/logs/format.log" 2>&1 \
      || { cat "$HOME_DIR/logs/format.log" >&2; exit 1; }
  fi
  # A fresh log, so the readiness check below cannot read a previous run's line.
  [ -f "$HOME_DIR/logs/server.log" ] && mv "$HOME_DIR/logs/server.log" "$HOME_DIR/logs/server.previous.log"
  log "starting broker on 127.0.0.1:$PORT (controller $CONTROLLER_PORT, heap $HEAP)"
  nohup java "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$ROOT/infra/kafka/log4j.properties" -Dkafka.logs.dir="$HOME_DIR/logs" \
    -cp "$LIBS/*" kafka.Kafka "$HOME_DIR/server.properties" >"$HOME_DIR/logs/stdout.log" 2>&1 &
  echo $! >"$PID_FILE"
  for i in $(seq 1 120); do
    if ! running; then log "broker exited during start-up:"; tail -20 "$HOME_DIR/logs/stdout.log" >&2; exit 1; fi
    if answers && grep -q "Kafka Server started" "$HOME_DIR/logs/server.log" 2>/dev/null; then
      log "ready after ${i}×0.5 s (pid $(cat "$PID_FILE")); KAFKA_BROKERS=127.0.0.1:$PORT"
      return 0
    fi
    sleep 0.5
  done
  log "broker did not answer within 60 s; see $HOME_DIR/logs/server.log"
  exit 1
}

stop() {
  if ! running; then log "not running"; rm -f "$PID_FILE"; return 0; fi
  local pid; pid=$(cat "$PID_FILE")
  log "stopping broker (pid $pid)"
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; log "stopped"; return 0; }; sleep 0.5; done
  log "still running after 30 s: killing"
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$PID_FILE"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) if running; then log "running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"; else log "not running"; exit 3; fi ;;
  *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
