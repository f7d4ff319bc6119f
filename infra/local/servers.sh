#!/usr/bin/env bash
# Start/stop the real local servers (Kafka KRaft, FerretDB or mongod, Apicurio
# Registry, Zipkin) as plain processes. Data and logs go under $CARDLINE_RUN;
# the binaries come from $CARDLINE_CACHE (install.sh fills it).
#   servers.sh up [kafka|mongo|registry|zipkin ...]   start (default: all), wait until ready
#   servers.sh down [names...]                         stop, keep data
#   servers.sh reset                                   stop all and delete run data
#   servers.sh status                                  print what runs where
#   servers.sh env                                     print the client env vars
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/env.sh"
PIDS="$CARDLINE_RUN/pids"
mkdir -p "$CARDLINE_LOGS" "$PIDS"
ALL=(kafka mongo registry zipkin)
# Version of the run-data layout. 2: the registry keeps schemas on disk. 3:
# Kafka authenticates (SASL/SCRAM) and authorises (ACLs). Data from an older
# layout is dropped on the next `up` (Kafka's events there carry schema ids an
# in-memory registry has since forgotten; a layout-2 broker has no SCRAM users).
LAYOUT=3
# Kafka principals' passwords, generated at the first `up` and kept with the
# run data, never committed (docs/adr/0029-kafka-principals-acls.md).
CREDENTIALS="$CARDLINE_RUN/kafka-credentials.env"
PRINCIPALS_JS="$here/../kafka/principals.js"

# A pid file only counts if that pid is still our server (pids get reused
# after a reboot or a new session).
signature() { case "$1" in kafka) echo kafka.Kafka ;; mongo) echo -e 'ferretdb\|mongod' ;; registry) echo apicurio ;; zipkin) echo zipkin ;; esac; }
running() {
  local f="$PIDS/$1.pid" pid
  [ -f "$f" ] || return 1
  pid=$(cat "$f")
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$(signature "$1")"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_until() { # name timeout_s command...
  local name=$1 t=$2; shift 2
  local deadline=$((SECONDS + t))
  until "$@"; do
    # Plain liveness here: right after spawn the pid may not have exec'd the
    # server yet, so its command line cannot be matched.
    if ! kill -0 "$(cat "$PIDS/$name.pid")" 2>/dev/null; then log "$name exited; last log lines:"; tail -n 30 "$CARDLINE_LOGS/$name.log" >&2; return 1; fi
    if [ $SECONDS -ge $deadline ]; then log "$name not ready after ${t}s; see $CARDLINE_LOGS/$name.log"; return 1; fi
    sleep 0.5
  done
}

spawn() { # name command...  (setsid: own process group, so down kills the whole tree)
  local name=$1; shift
  # Keep one previous log; readiness greps must only see this start's lines.
  [ -f "$CARDLINE_LOGS/$name.log" ] && mv "$CARDLINE_LOGS/$name.log" "$CARDLINE_LOGS/$name.prev.log"
  setsid "$@" >>"$CARDLINE_LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$PIDS/$name.pid"
}

# Every principal of infra/kafka/principals.js plus admin, NAME=password
# lines; a password already set in the environment (KAFKA_PASSWORD_<NAME>) or
# in the file is kept, a missing one is drawn.
ensure_credentials() {
  mkdir -p "$CARDLINE_RUN"
  touch "$CREDENTIALS"; chmod 600 "$CREDENTIALS"
  local var
  for var in $(node -e 'const p=require(process.argv[1]);for(const n of [p.ADMIN,...p.servicePrincipals().map(s=>s.name),...p.sandboxPrincipals().map(s=>s.name)])console.log(p.passwordVar(n))' "$PRINCIPALS_JS"); do
    grep -q "^$var=" "$CREDENTIALS" && continue
    echo "$var=${!var:-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')}" >> "$CREDENTIALS"
  done
}
credential() { sed -n "s/^$1=//p" "$CREDENTIALS"; }

start_kafka() {
  local home="$CARDLINE_CACHE/kafka-$KAFKA_VERSION" dir="$CARDLINE_RUN/kafka" admin_pw
  mkdir -p "$dir/data"
  ensure_credentials
  admin_pw=$(credential KAFKA_PASSWORD_ADMIN)
  # Clients authenticate with SCRAM-SHA-512 on the broker listener; the
  # controller listener (KRaft does not take SCRAM there) with PLAIN, admin only.
  # The broker listener takes PLAIN for admin too: librdkafka before 2.6.1
  # (Debian's kcat) fails SCRAM against Kafka 4 (confluentinc/librdkafka#4895).
  cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=SASL_PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin_pw";
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_admin="$admin_pw";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin_pw" user_admin="$admin_pw";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin
log.dirs=$dir/data
num.partitions=6
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  chmod 600 "$dir/server.properties"
  cat > "$dir/log4j2.properties" <<'PROPS'
status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.out.ref = OUT
logger.broker.name = kafka.server.BrokerServer
logger.broker.level = INFO
logger.raft.name = org.apache.kafka.raft
logger.raft.level = WARN
PROPS
  local cp="$home/libs/*" jopts=(-Xms256m -Xmx1g -XX:+UseG1GC -Dlog4j2.configurationFile="$dir/log4j2.properties")
  if [ ! -f "$dir/data/meta.properties" ]; then
    # The bootstrap admin's SCRAM credential goes in with the format; the
    # services' are set by infra/kafka/setup-principals.js once it serves.
    java "${jopts[@]}" -cp "$cp" kafka.tools.StorageTool format -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid)" \
      -c "$dir/server.properties" --add-scram "SCRAM-SHA-512=[name=admin,password=$admin_pw]" \
      >"$CARDLINE_LOGS/kafka-format.log" 2>&1
  fi
  spawn kafka java "${jopts[@]}" -cp "$cp" kafka.Kafka "$dir/server.properties"
  wait_until kafka 90 kafka_ready
}
# Service users and ACLs from the declaration; idempotent, so every `up` runs it.
setup_principals() {
  log "kafka: principals and ACLs"
  ensure_credentials  # a principal declared since the first `up` gets its password here
  ( set -a; source "$CREDENTIALS"; set +a
    KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" KAFKA_SASL_USERNAME=admin KAFKA_SASL_PASSWORD="$KAFKA_PASSWORD_ADMIN" \
      KAFKA_HOME="$CARDLINE_CACHE/kafka-$KAFKA_VERSION" node "$here/../kafka/setup-principals.js" ) \
    >>"$CARDLINE_LOGS/kafka-principals.log" 2>&1 || { log "kafka: principal setup failed; see $CARDLINE_LOGS/kafka-principals.log"; tail -n 20 "$CARDLINE_LOGS/kafka-principals.log" >&2; return 1; }
}
# BrokerServer logs this transition once it serves clients.
kafka_ready() { port_open "$KAFKA_PORT" && grep -q "Transition from STARTING to STARTED" "$CARDLINE_LOGS/kafka.log"; }

start_mongo() {
  local dir="$CARDLINE_RUN/mongo"
  mkdir -p "$dir"
  if command -v mongod >/dev/null 2>&1; then
    spawn mongo mongod --bind_ip 127.0.0.1 --port "$MONGO_PORT" --dbpath "$dir" --quiet
  else
    spawn mongo "$CARDLINE_CACHE/ferretdb-$FERRETDB_VERSION-$FERRETDB_PATCH/ferretdb" --handler=sqlite --sqlite-url="file:$dir/?_pragma=synchronous(normal)" \
      --listen-addr="127.0.0.1:$MONGO_PORT" --state-dir="$dir" --telemetry=disable --debug-addr=- --log-level=warn
  fi
  wait_until mongo 60 port_open "$MONGO_PORT"
}

start_registry() {
  local home="$CARDLINE_CACHE/apicurio-$APICURIO_VERSION" dir="$CARDLINE_RUN/registry"
  mkdir -p "$dir"
  # Schemas on disk (H2 file), not in memory: Kafka keeps events framed with
  # schema ids across restarts, so the ids must survive them too.
  spawn registry java -Xms128m -Xmx512m -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$REGISTRY_PORT" \
    -Dapicurio.datasource.url="jdbc:h2:file:$dir/registry" \
    -Dapicurio.rules.global.compatibility=BACKWARD_TRANSITIVE -Dquarkus.log.level=WARN -jar "$home/app.jar"
  wait_until registry 120 curl -fs -o /dev/null "http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7/subjects"
  # The property above is version dependent; the Confluent config API is not.
  curl -fsS -X PUT -H 'Content-Type: application/vnd.schemaregistry.v1+json' \
    -d '{"compatibility":"BACKWARD_TRANSITIVE"}' "http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7/config" >/dev/null
}

start_zipkin() {
  # In-memory spans: 200,000 in a 512 MB heap ran out of memory after a few benches of npm start traffic,
  # and every service then waited on its exports at shutdown. Half the spans in twice the heap.
  spawn zipkin env QUERY_PORT="$ZIPKIN_PORT" MEM_MAX_SPANS=100000 java -Xms128m -Xmx1g -jar "$CARDLINE_CACHE/zipkin-$ZIPKIN_VERSION/zipkin.jar"
  wait_until zipkin 90 curl -fs -o /dev/null "http://127.0.0.1:$ZIPKIN_PORT/health"
}

up_one() {
  local name=$1
  if running "$name"; then log "$name already running"; return 0; fi
  log "starting $name"
  "start_$name"
  log "$name ready"
}

down_one() {
  local name=$1 f="$PIDS/$1.pid"
  [ -f "$f" ] || return 0
  local pid; pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $name"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

# Clients get the admin principal (infra, tests, the CLI); `npm start` hands
# each service its own from the KAFKA_PASSWORD_<SERVICE> lines.
print_env() {
  echo "KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"
  if [ -s "$CREDENTIALS" ]; then
    echo "KAFKA_SASL_MECHANISM=scram-sha-512"
    echo "KAFKA_SASL_USERNAME=admin"
    echo "KAFKA_SASL_PASSWORD=$(credential KAFKA_PASSWORD_ADMIN)"
    grep '^KAFKA_PASSWORD_' "$CREDENTIALS" | grep -v '^KAFKA_PASSWORD_ADMIN='
  fi
  echo "MONGO_URL=mongodb://127.0.0.1:$MONGO_PORT"
  echo "SCHEMA_REGISTRY_URL=http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7"
  echo "ZIPKIN_URL=http://127.0.0.1:$ZIPKIN_PORT"
}

cmd="${1:-status}"; shift || true
names=("$@"); [ ${#names[@]} -eq 0 ] && names=("${ALL[@]}")
case "$cmd" in
  up)
    "$here/install.sh" all
    if [ "$(cat "$CARDLINE_RUN/layout" 2>/dev/null)" != "$LAYOUT" ]; then
      busy=0; for n in "${ALL[@]}"; do running "$n" && busy=1; done
      if [ $busy -eq 1 ]; then log "run data predates layout $LAYOUT; stop the servers and run: servers.sh reset"; exit 1
      else
        log "run data predates layout $LAYOUT: starting from empty data"
        find "$CARDLINE_RUN" -mindepth 1 -maxdepth 1 ! -name logs ! -name pids -exec rm -rf {} +
        echo "$LAYOUT" > "$CARDLINE_RUN/layout"
      fi
    fi
    # Start the slow JVMs side by side; each waits for its own readiness.
    pids=()
    for n in "${names[@]}"; do up_one "$n" & pids+=($!); done
    rc=0; for p in "${pids[@]}"; do wait "$p" || rc=1; done
    [ $rc -eq 0 ] || { log "a server failed to start; logs in $CARDLINE_LOGS"; exit 1; }
    # On every `up`, not only a fresh start: a principal added to the declaration since gets its user and ACLs.
    for n in "${names[@]}"; do if [ "$n" = kafka ]; then setup_principals; fi; done
    ;;
  down) for n in "${names[@]}"; do down_one "$n"; done ;;
  reset) for n in "${ALL[@]}"; do down_one "$n"; done; rm -rf "$CARDLINE_RUN" ;;
  status) for n in "${ALL[@]}"; do if running "$n"; then echo "$n: running (pid $(cat "$PIDS/$n.pid"))"; else echo "$n: stopped"; fi; done; print_env ;;
  env) print_env ;;
  *) echo "usage: servers.sh up|down|reset|status|env [names]" >&2; exit 2 ;;
esac
