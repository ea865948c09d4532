# Shared by bench/run and bench/smoke: build, a throw-away database, the packaged service,
# benchmark data, one wrk run. Source it; it expects `set -euo pipefail`.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
APP_DIR="$ROOT/target/quarkus-app"

if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER

WORK=""
SERVICE_PID=""
# Every service process started, replicas and restarts included: cleanup stops them all.
SERVICE_PIDS=()
# Set only for one launch_service call (start_replica); never taken from the caller's environment.
unset PUBLIC_URL SERVICE_LOG
DATABASE=""

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# wrk, psql, openssl; wrk is installed from the distribution when missing.
need_tools() {
    command -v psql >/dev/null || die "psql is required (PostgreSQL client)"
    command -v openssl >/dev/null || die "openssl is required"
    command -v curl >/dev/null || die "curl is required"
    "$JAVA" -version 2>&1 | grep -q 'version "2[5-9]' || die "Java 25 is required (set JAVA_HOME)"
    if ! command -v wrk >/dev/null; then
        log "wrk not found: installing it with apt-get"
        local sudo=""
        [[ $(id -u) -eq 0 ]] || sudo=sudo
        $sudo apt-get install -y wrk >/dev/null 2>&1 || { $sudo apt-get update >/dev/null && $sudo apt-get install -y wrk >/dev/null; } \
            || die "cannot install wrk; install it (https://github.com/wg/wrk) and rerun"
    fi
}

# Packages the service unless BUILD=0 and a packaged service exists.
build() {
    if [[ "${BUILD:-1}" == 0 && -f "$APP_DIR/quarkus-run.jar" ]]; then
        return
    fi
    log "building the service (./mvnw package -DskipTests)"
    (cd "$ROOT" && ./mvnw -B -ntp -q -DskipTests package) >&2
}

random_uuid() { cat /proc/sys/kernel/random/uuid; }

# 64 characters of A-Za-z0-9, as the service requires of a configured secret.
random_secret() {
    local s=""
    while [[ ${#s} -lt 64 ]]; do
        s+=$(openssl rand -base64 96 | tr -dc 'A-Za-z0-9')
    done
    printf '%s' "${s:0:64}"
}

# A port nothing listens on, below the kernel's ephemeral range: a port from that range can be
# taken between this check and the bind by any outgoing connection (PostgreSQL's included).
free_port() {
    local port low
    low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
    ((low > 11000)) || low=32768
    for _ in $(seq 50); do
        port=$((10000 + RANDOM % (low - 10000)))
        if ! ss -tan 2>/dev/null | awk '{print $4}' | grep -q ":$port\$"; then
            echo "$port"
            return
        fi
    done
    die "no free port found"
}

cleanup() {
    local status=$?
    local pid service_log
    for pid in "${SERVICE_PIDS[@]}"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    if [[ -n "$DATABASE" ]]; then
        psql -q -d postgres -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    if [[ -n "$WORK" && -d "$WORK" ]]; then
        if [[ $status -ne 0 ]]; then
            for service_log in "$WORK"/service.log "$WORK"/replica-*.log; do
                [[ -f "$service_log" ]] || continue
                log "--- last lines of $(basename "$service_log") ---"
                tail -n 30 "$service_log" >&2 || true
            done
        fi
        rm -rf "$WORK"
    fi
}

# Creates a database, starts the packaged service on it with a generated master key and bootstrap
# credentials, and waits until it is ready. Sets BASE_URL, SERVICE_PID and the BOOTSTRAP_* values.
# Arguments are extra NAME=value settings for the service's environment.
start_service() {
    new_database
    launch_service "$@"
}

# The work directory, an empty database, a master key, bootstrap credentials and a port, for
# launch_service. Sets WORK, DATABASE, MASTER_KEY, BOOTSTRAP_*, JDBC_URL, PORT and BASE_URL.
new_database() {
    WORK=$(mktemp -d -t portcullis-bench.XXXXXX)
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    DATABASE="portcullis_bench_$(openssl rand -hex 6)"
    psql -q -d postgres -c "CREATE DATABASE $DATABASE" >/dev/null
    MASTER_KEY=$(openssl rand -base64 32)
    BOOTSTRAP_ENVIRONMENT_ID=$(random_uuid)
    BOOTSTRAP_CLIENT_ID=$(random_uuid)
    BOOTSTRAP_CLIENT_SECRET=$(random_secret)
    JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DATABASE"
    PORT=${PORT:-$(free_port)}
    BASE_URL="http://127.0.0.1:$PORT"
}

# Stops the service and starts it again on the same database and port, with the extra NAME=value
# settings given (for instance PORTCULLIS_BRUTE_FORCE_ENABLED=false).
restart_service() {
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
    launch_service "$@"
}

# Starts one more replica on the service's database (same master key, bootstrap values and public
# URL, as behind one load balancer) on a port of its own, waits until it is ready, and sets
# REPLICA_URL to its address. Extra NAME=value settings as for start_service. The replica is
# stopped with the service.
start_replica() {
    local main_port=$PORT main_url=$BASE_URL main_pid=$SERVICE_PID
    PORT=$(free_port)
    BASE_URL="http://127.0.0.1:$PORT"
    REPLICAS=$((${REPLICAS:-0} + 1))
    PUBLIC_URL=$main_url SERVICE_LOG="$WORK/replica-$REPLICAS.log" launch_service "$@"
    REPLICA_URL=$BASE_URL
    PORT=$main_port BASE_URL=$main_url SERVICE_PID=$main_pid
}

launch_service() {
    # The JVM runs with its defaults; JAVA_OPTS adds to them.
    # shellcheck disable=SC2086
    # Health and metrics are on the management interface, a port of its own.
    MANAGEMENT_PORT=$(free_port)
    env QUARKUS_HTTP_PORT="$PORT" \
        QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT" \
        QUARKUS_DATASOURCE_JDBC_URL="$JDBC_URL" \
        QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
        QUARKUS_DATASOURCE_PASSWORD="${PGPASSWORD:-}" \
        PORTCULLIS_PUBLIC_URL="${PUBLIC_URL:-$BASE_URL}" \
        PORTCULLIS_MASTER_KEY="$MASTER_KEY" \
        PORTCULLIS_BOOTSTRAP_ENVIRONMENT_ID="$BOOTSTRAP_ENVIRONMENT_ID" \
        PORTCULLIS_BOOTSTRAP_CLIENT_ID="$BOOTSTRAP_CLIENT_ID" \
        PORTCULLIS_BOOTSTRAP_CLIENT_SECRET="$BOOTSTRAP_CLIENT_SECRET" \
        "$@" \
        "$JAVA" ${JAVA_OPTS:-} -jar "$APP_DIR/quarkus-run.jar" >>"${SERVICE_LOG:-$WORK/service.log}" 2>&1 &
    SERVICE_PID=$!
    SERVICE_PIDS+=("$SERVICE_PID")
    local started=$SECONDS
    # Ready once the bootstrap environment's JWKS is served: a public endpoint on the service's own
    # port (health checks may be on a management port), answered only after the bootstrap and
    # with the database reachable.
    until curl -fs "$BASE_URL/$BOOTSTRAP_ENVIRONMENT_ID/as/jwks" >/dev/null 2>&1; do
        kill -0 "$SERVICE_PID" 2>/dev/null || die "the service exited during start-up"
        ((SECONDS - started < ${READY_TIMEOUT:-90})) || die "the service was not ready after ${READY_TIMEOUT:-90} s"
        sleep 0.05
    done
    log "service ready on $BASE_URL (pid $SERVICE_PID, database $DATABASE, $((SECONDS - started)) s${*:+, $*})"
    grep -i 'signing provider' "${SERVICE_LOG:-$WORK/service.log}" | tail -1 >&2 || true
}

# The one step that creates environments, resources, scopes, applications and grants
# (through /v1 when the service has it, else straight through JDBC; see BenchData.java).
create_data() {
    local apps=$1
    "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$APP_DIR/app/*:$APP_DIR/lib/main/*" "$BENCH/BenchData.java" \
        --base-url "$BASE_URL" \
        --bootstrap-environment "$BOOTSTRAP_ENVIRONMENT_ID" \
        --client-id "$BOOTSTRAP_CLIENT_ID" \
        --client-secret "$BOOTSTRAP_CLIENT_SECRET" \
        --apps "$apps" \
        --out "$WORK" \
        --via "${BENCH_DATA_VIA:-auto}" \
        --jdbc-url "$JDBC_URL" \
        --jdbc-user "$PGUSER" \
        --jdbc-password "${PGPASSWORD:-}" \
        --master-key "$MASTER_KEY" >&2
}

# CPU time the service has used so far, in clock ticks (utime + stime).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVICE_PID/stat"; }
TICKS_PER_SECOND=$(getconf CLK_TCK)

rss_mib() { awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$SERVICE_PID/status"; }
peak_rss_mib() { awk '/^VmHWM/ {printf "%d", $2 / 1024}' "/proc/$SERVICE_PID/status"; }

# run_wrk ALG METHOD APPS WRONG CONNECTIONS DURATION: prints the wrk RESULT line.
run_wrk() {
    local alg=$1 method=$2 apps=$3 wrong=$4 connections=$5 duration=$6
    local threads=${THREADS:-$(nproc)}
    ((threads <= connections)) || threads=$connections
    BENCH_CREDS="$WORK/$alg.creds" BENCH_ENV=$(<"$WORK/$alg.env") BENCH_METHOD=$method BENCH_APPS=$apps BENCH_WRONG=$wrong \
        wrk -t"$threads" -c"$connections" -d"$duration" --timeout 5s -s "$BENCH/token.lua" "$BASE_URL" \
        | grep '^RESULT'
}

# field NAME LINE: one key=value of a RESULT line.
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$2"; }
