#!/usr/bin/env bash
# Fetch or build every local server into $CARDLINE_CACHE. Idempotent: each
# part is skipped when its ready-marker exists, so a second run costs nothing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/env.sh"
mkdir -p "$CARDLINE_CACHE"

mvn_q() { mvn -B -q -ntp "$@"; }

install_kafka() {
  local dest="$CARDLINE_CACHE/kafka-$KAFKA_VERSION"
  [ -f "$dest/.ready" ] && return 0
  log "fetching Kafka $KAFKA_VERSION broker jars"
  rm -rf "$dest"; mkdir -p "$dest/libs" "$dest/tools"
  mvn_q -f "$here/maven/kafka-broker.pom.xml" dependency:copy-dependencies \
    -Dkafka.version="$KAFKA_VERSION" -Dlog4j.version="$LOG4J_VERSION" \
    -DincludeScope=runtime -DoutputDirectory="$dest/libs"
  log "fetching Kafka $KAFKA_VERSION perf tools"
  mvn_q -f "$here/maven/kafka-tools.pom.xml" dependency:copy-dependencies \
    -Dkafka.version="$KAFKA_VERSION" -Dlog4j.version="$LOG4J_VERSION" \
    -DincludeScope=runtime -DoutputDirectory="$dest/tools"
  touch "$dest/.ready"
}

install_apicurio() {
  local dest="$CARDLINE_CACHE/apicurio-$APICURIO_VERSION"
  [ -f "$dest/.ready" ] && return 0
  log "fetching Apicurio Registry $APICURIO_VERSION"
  rm -rf "$dest"; mkdir -p "$dest"
  mvn_q dependency:copy -Dartifact="io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all" -DoutputDirectory="$dest"
  tar -xzf "$dest"/apicurio-registry-app-*.tar.gz -C "$dest"
  rm -f "$dest"/apicurio-registry-app-*.tar.gz
  # 3.0.x ships a fast-jar runner; later 3.x a quarkus-app/ folder. Link either as app.jar.
  local jar
  jar=$(ls "$dest"/quarkus-app/quarkus-run.jar "$dest"/*-runner.jar 2>/dev/null | head -1 || true)
  [ -n "$jar" ] || { log "apicurio: no runnable jar in the archive"; exit 1; }
  ln -sf "$jar" "$dest/app.jar"
  touch "$dest/.ready"
}

install_zipkin() {
  local dest="$CARDLINE_CACHE/zipkin-$ZIPKIN_VERSION"
  [ -f "$dest/.ready" ] && return 0
  log "fetching Zipkin $ZIPKIN_VERSION"
  rm -rf "$dest"; mkdir -p "$dest"
  mvn_q dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" -DoutputDirectory="$dest"
  mv "$dest"/zipkin-server-*-exec.jar "$dest/zipkin.jar"
  touch "$dest/.ready"
}

# A real mongod on PATH wins; otherwise FerretDB 1.x (SQLite backend) built
# from the Go module proxy. The module zip lacks build/version/version.txt
# (FerretDB issue 2982), so we write it before building.
install_ferretdb() {
  command -v mongod >/dev/null 2>&1 && return 0
  local dest="$CARDLINE_CACHE/ferretdb-$FERRETDB_VERSION-$FERRETDB_PATCH"
  [ -f "$dest/.ready" ] && return 0
  log "building FerretDB $FERRETDB_VERSION (first time only, a few minutes)"
  rm -rf "$dest"; mkdir -p "$dest"
  local moddir src
  export GOFLAGS=-mod=mod
  moddir=$(cd "$dest" && go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  src="$dest/src"
  cp -r "$moddir" "$src"; chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" > "$src/build/version/version.txt"
  # Push _id conditions down to SQLite and close each update statement's query
  # before the next (ferretdb/cardline-sqlite.patch and docs/adr/0030 explain why).
  command -v patch >/dev/null 2>&1 || { log "the FerretDB build needs patch (Debian package: patch)"; exit 1; }
  patch -s -p1 --forward --batch --fuzz=0 -d "$src" < "$here/ferretdb/cardline-sqlite.patch" \
    || { log "ferretdb sqlite patch did not apply (has the upstream source moved?)"; exit 1; }
  # Decode and encode stored documents in one pass (ferretdb/fast_unmarshal.go,
  # ferretdb/fast_marshal.go, docs/adr/0039 and 0040 explain why); upstream's code
  # stays for what they do not take.
  local sj="$src/internal/handler/sjson"
  sed -i -e 's/^func Unmarshal(data \[\]byte) (\*types.Document, error) {$/func unmarshalUpstream(data []byte) (*types.Document, error) {/' \
    -e 's/^func Marshal(d \*types.Document) (\[\]byte, error) {$/func marshalUpstream(d *types.Document) ([]byte, error) {/' \
    "$sj/sjson.go"
  grep -q "^func unmarshalUpstream(" "$sj/sjson.go" && grep -q "^func marshalUpstream(" "$sj/sjson.go" \
    || { log "ferretdb sjson patch did not apply (has the upstream source moved?)"; exit 1; }
  local f
  for f in fast_unmarshal fast_unmarshal_test fast_marshal fast_marshal_test; do
    cp "$here/ferretdb/$f.go" "$sj/zz_cardline_$f.go"
  done
  # upstream's sjson tests and ours (the one-pass code against upstream's) before the build
  # (FerretDB's test helpers find the source root by its .git directory)
  mkdir -p "$src/.git"
  (cd "$src" && CGO_ENABLED=0 go test -count=1 ./internal/handler/sjson/) \
    || { log "ferretdb sjson tests failed"; exit 1; }
  rmdir "$src/.git"
  # Make single-document writes atomic (ferretdb/write_lock.go explains why).
  cp "$here/ferretdb/write_lock.go" "$src/internal/handler/zz_cardline_write_lock.go"
  local cmd
  for cmd in MsgUpdate MsgFindAndModify MsgDelete MsgInsert; do
    f=$(grep -l "^func (h \*Handler) $cmd(" "$src"/internal/handler/msg_*.go)
    sed -i "s/^func (h \*Handler) $cmd(\(.*\)) {\$/&\n\tcardlineWriteLock.Lock()\n\tdefer cardlineWriteLock.Unlock()\n/" "$f"
    grep -q "cardlineWriteLock.Lock()" "$f" || { log "ferretdb patch did not apply to $cmd"; exit 1; }
  done
  # Outside debug builds, keep upstream's leak finalizer but not its profile of
  # live objects (ferretdb/untracked_finalizer.go, docs/adr/0041 explain why).
  f="$src/internal/util/resource/resource.go"
  cp "$here/ferretdb/untracked_finalizer.go" "$src/internal/util/resource/zz_cardline_untracked_finalizer.go"
  sed -i -e 's/^func Track(obj any, token \*Token) {$/&\n\tif !debugbuild.Enabled {\n\t\tcheckArgs(obj, token)\n\t\truntime.SetFinalizer(obj, finalizeUntracked)\n\t\treturn\n\t}\n/' \
    -e 's/^func Untrack(obj any, token \*Token) {$/&\n\tif !debugbuild.Enabled {\n\t\tcheckArgs(obj, token)\n\t\truntime.SetFinalizer(obj, nil)\n\t\treturn\n\t}\n/' "$f"
  [ "$(grep -c '^	if !debugbuild.Enabled {$' "$f")" = 2 ] || { log "ferretdb resource patch did not apply"; exit 1; }
  (cd "$src" && CGO_ENABLED=0 go build -o "$dest/ferretdb" ./cmd/ferretdb)
  rm -rf "$src"
  touch "$dest/.ready"
}

# The Compose CLI (v2, Go) so tests can run `docker compose config` on
# docker-compose.yml even where no Docker engine runs; built from the Go
# module proxy since no release binary can be downloaded here.
install_compose() {
  local dest="$CARDLINE_CACHE/compose-$COMPOSE_VERSION"
  [ -f "$dest/.ready" ] && return 0
  log "building the Docker Compose CLI $COMPOSE_VERSION (first time only, a few minutes)"
  rm -rf "$dest"; mkdir -p "$dest"
  GOFLAGS=-mod=mod GOBIN="$dest" go install "github.com/docker/compose/v2/cmd@$COMPOSE_VERSION"
  mv "$dest/cmd" "$dest/docker-compose"
  touch "$dest/.ready"
}

# Prometheus and promtool (Debian's prometheus package): used from PATH when
# installed, otherwise the package is downloaded (no root needed once apt's
# lists exist) and unpacked into the cache; scripts/lib/prometheus.js looks in both.
install_prometheus() {
  command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 && return 0
  local dest="$CARDLINE_CACHE/prometheus-deb"
  [ -f "$dest/.ready" ] && return 0
  log "fetching Debian's prometheus package"
  rm -rf "$dest"; mkdir -p "$dest"
  if ! (cd "$dest" && apt-get download prometheus); then
    [ "$(id -u)" -eq 0 ] || { log "apt-get download prometheus failed; as root: apt-get update && apt-get install -y prometheus"; exit 1; }
    apt-get update -qq && (cd "$dest" && apt-get download prometheus)
  fi
  dpkg-deb -x "$dest"/prometheus_*.deb "$dest/root"
  rm -f "$dest"/prometheus_*.deb
  [ -x "$dest/root/usr/bin/promtool" ] || { log "the prometheus package held no promtool"; exit 1; }
  touch "$dest/.ready"
}

# kcat (Debian's package): the CLI tests compare `cardline events export` with
# what kcat reads. It links librdkafka, so it is installed, not unpacked.
install_kcat() {
  command -v kcat >/dev/null 2>&1 && return 0
  [ "$(id -u)" -eq 0 ] || { log "kcat is missing; as root: apt-get update && apt-get install -y kcat"; exit 1; }
  log "installing Debian's kcat"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kcat >/dev/null
}

# Debian's Chromium, and a CJK font for the console's Chinese screens: the
# console's browser tests drive it with playwright-core
# (apps/console/test/console.browser.test.ts; CHROMIUM_PATH names another binary).
install_chromium() {
  command -v chromium >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "chromium is missing; install Debian's chromium (as root: apt-get update && apt-get install -y chromium fonts-wqy-zenhei) or set CHROMIUM_PATH"
    [ -n "${CHROMIUM_PATH:-}" ] || [ -z "${CI:-}" ] || exit 1  # CI's console tests need it
    return 0
  fi
  log "installing Debian's chromium"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-wqy-zenhei >/dev/null
}

# Schemathesis (PyPI) in its own venv: the gateway's fuzz test runs its CLI
# against the merged OpenAPI (test/schemathesis.e2e.test.ts, docs/adr/0031-schemathesis.md).
install_schemathesis() {
  local dest="$CARDLINE_CACHE/schemathesis-$SCHEMATHESIS_VERSION"
  [ -f "$dest/.ready" ] && return 0
  log "installing schemathesis $SCHEMATHESIS_VERSION into a venv"
  rm -rf "$dest"
  # Only the schemathesis test needs it: outside CI a failure is a message, not a stopped `servers.sh up`.
  if ! { python3 -m venv "$dest" \
    && "$dest/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" \
    && "$dest/bin/schemathesis" --version >/dev/null; }; then
    log "schemathesis could not be installed (python3 with venv, Debian package python3-venv, and PyPI are needed)"
    rm -rf "$dest"
    [ -z "${CI:-}" ] || exit 1
    return 0
  fi
  touch "$dest/.ready"
}

what="${1:-all}"
case "$what" in
  kafka) install_kafka ;;
  apicurio) install_apicurio ;;
  zipkin) install_zipkin ;;
  ferretdb) install_ferretdb ;;
  compose) install_compose ;;
  prometheus) install_prometheus ;;
  kcat) install_kcat ;;
  chromium) install_chromium ;;
  schemathesis) install_schemathesis ;;
  all) install_kafka; install_apicurio; install_zipkin; install_ferretdb; install_compose; install_prometheus; install_kcat; install_chromium; install_schemathesis ;;
  *) echo "usage: install.sh [all|kafka|apicurio|zipkin|ferretdb|compose|prometheus|kcat|chromium|schemathesis]" >&2; exit 2 ;;
esac
