# Shared settings for the local servers. Sourced by the other scripts.
# Downloads/builds live in a cache OUTSIDE the clone so fresh clones reuse them;
# server data and logs live in a per-run folder.
export CARDLINE_CACHE="${CARDLINE_CACHE:-$HOME/.cache/cardline}"
export CARDLINE_RUN="${CARDLINE_RUN:-${TMPDIR:-/tmp}/cardline-run}"
export CARDLINE_LOGS="$CARDLINE_RUN/logs"

export KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
export LOG4J_VERSION="${LOG4J_VERSION:-2.24.3}"
export APICURIO_VERSION="${APICURIO_VERSION:-3.0.9}"
export ZIPKIN_VERSION="${ZIPKIN_VERSION:-3.6.1}"
export FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
export COMPOSE_VERSION="${COMPOSE_VERSION:-v2.32.4}"
export SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
export FERRETDB_PATCH=cardline10 # bump when infra/local/ferretdb/ changes

export KAFKA_PORT="${KAFKA_PORT:-19092}"
export KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
export MONGO_PORT="${MONGO_PORT:-27018}"
export REGISTRY_PORT="${REGISTRY_PORT:-18081}"
export ZIPKIN_PORT="${ZIPKIN_PORT:-19411}"

log() { printf '[cardline-infra] %s\n' "$*" >&2; }
