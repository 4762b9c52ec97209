#!/usr/bin/env bash
# Runs every test of the solution against a real RabbitMQ and a real PostgreSQL.
# Installs (when missing), starts (when not running), waits for and configures both, idempotently, then runs
# `dotnet test` and ends with one line: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

RABBIT_USER=${RM_TEST_RABBIT_USER:-regimen_test}
RABBIT_PASSWORD=${RM_TEST_RABBIT_PASSWORD:-regimen_test}
PG_USER=${RM_TEST_PG_USER:-regimen_test}
PG_PASSWORD=${RM_TEST_PG_PASSWORD:-regimen_test}

log() { printf '[test.sh] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- RabbitMQ ---------------------------------------------------------------------------------------------
if ! command -v rabbitmq-server >/dev/null 2>&1; then
  log "installing rabbitmq-server"
  apt_install rabbitmq-server
fi
as_root rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
if ! as_root rabbitmq-diagnostics -q ping -t 5 >/dev/null 2>&1; then
  log "starting rabbitmq-server"
  as_root rabbitmq-server -detached >/dev/null 2>&1 || true
fi
# `rabbitmq-server -detached` returns before the node has registered with epmd, and `await_startup` fails at
# once on a node that is not yet known, so poll until the node answers before waiting for its boot to finish.
log "waiting for rabbitmq"
rabbit_up=0
for _ in $(seq 1 120); do
  if as_root rabbitmq-diagnostics -q ping -t 5 >/dev/null 2>&1; then rabbit_up=1; break; fi
  sleep 1
done
if [ "$rabbit_up" -ne 1 ]; then
  log "rabbitmq did not start within two minutes; its log:"
  as_root sh -c 'tail -n 50 /var/log/rabbitmq/*.log' >&2 || true
  echo "0 passed, 1 failed"; exit 1
fi
as_root timeout 120 rabbitmqctl await_startup >/dev/null
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null -u guest:guest http://127.0.0.1:15672/api/overview && break
  sleep 1
done
if ! as_root rabbitmqctl list_users -q | awk '{print $1}' | grep -qx "$RABBIT_USER"; then
  as_root rabbitmqctl add_user "$RABBIT_USER" "$RABBIT_PASSWORD" >/dev/null
fi
as_root rabbitmqctl change_password "$RABBIT_USER" "$RABBIT_PASSWORD" >/dev/null
as_root rabbitmqctl set_user_tags "$RABBIT_USER" administrator >/dev/null
as_root rabbitmqctl set_permissions -p / "$RABBIT_USER" '.*' '.*' '.*' >/dev/null

# --- PostgreSQL -------------------------------------------------------------------------------------------
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  log "installing postgresql"
  apt_install postgresql
fi
PG_VERSION=$(pg_lsclusters -h | awk 'NR==1{print $1}')
PG_CLUSTER=$(pg_lsclusters -h | awk 'NR==1{print $2}')
if [ -z "$PG_VERSION" ]; then
  PG_VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1); PG_CLUSTER=main
  as_root pg_createcluster "$PG_VERSION" "$PG_CLUSTER" >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
  log "starting postgresql $PG_VERSION/$PG_CLUSTER"
  as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
fi
for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
pg_isready -h 127.0.0.1 >/dev/null
as_root runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN SUPERUSER PASSWORD '$PG_PASSWORD';
  ELSE
    ALTER ROLE $PG_USER LOGIN SUPERUSER PASSWORD '$PG_PASSWORD';
  END IF;
END \$\$;
SQL
# a slightly larger connection budget: several test hosts run side by side
current_max=$(as_root runuser -u postgres -- psql -tAc 'SHOW max_connections')
if [ "$current_max" -lt 300 ]; then
  as_root runuser -u postgres -- psql -q -c 'ALTER SYSTEM SET max_connections = 300'
  as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart
  for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
fi

# --- docker-compose.yml (parsed without an engine) ---------------------------------------------------------
if ! command -v docker-compose >/dev/null 2>&1; then
  log "installing docker-compose (config validation only)"
  apt_install docker-compose
fi
log "validating docker-compose.yml"
RM_DB_PASSWORD=check RM_RABBIT_PASSWORD=check docker-compose -f docker-compose.yml config -q

# --- tests ---------------------------------------------------------------------------------------------------
export RM_TEST_RABBITMQ="amqp://$RABBIT_USER:$RABBIT_PASSWORD@127.0.0.1:5672/"
export RM_TEST_RABBITMQ_MANAGEMENT="http://127.0.0.1:15672/"
export RM_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=$PG_USER;Password=$PG_PASSWORD;Database=postgres"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

results=$(mktemp -d)
status=0
dotnet build RegimenMonitor.sln -c Release -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }
dotnet test RegimenMonitor.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

passed=0; failed=0; skipped=0; found=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  found=1
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed)
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + total - executed))
done
if [ "$found" -eq 0 ] && [ "$status" -ne 0 ]; then failed=$((failed + 1)); fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
