#!/usr/bin/env bash
# Runs every test of the solution against a real RabbitMQ and a real PostgreSQL.
# Installs (when missing), starts (when not running), waits for and configures both, idempotently, then runs
# `dotnet test` and ends with one line: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: bash scripts/test.sh   (no arguments)
Runs every test against this machine's own RabbitMQ and PostgreSQL (as root, or through sudo). Meant for a
development or CI machine, not for services others use: it
  - installs rabbitmq-server, postgresql and docker-compose with apt-get when missing, enables the RabbitMQ
    management plugin and starts both services when they are not running,
  - sets the password of regimen_test on both services to regimen_test and makes it a RabbitMQ administrator and a
    PostgreSQL superuser (scripts/services.sh --help: other names and passwords),
  - raises PostgreSQL's max_connections to 300 and restarts the cluster when it is lower,
  - runs tests that stop and start the broker (rabbitmqctl stop_app/start_app), raise its disk alarm (rabbitmqctl
    set_disk_free_limit: every publisher on the node is blocked meanwhile) and restart PostgreSQL (pg_ctlcluster ...
    restart -m fast), cutting every other client off.
Against services others use, run 'dotnet test' yourself with the services' settings (RM_TEST_RABBITMQ,
RM_TEST_RABBITMQ_MANAGEMENT, RM_TEST_POSTGRES) and leave those tests out:
  dotnet test tests/RegimenMonitor.Worker.Tests --filter \"Services!=Restarts\"
(CONTRIBUTING.md, Commands: 'worker tests, services already up', and the role rights the tests need). The other
test projects need no services: 'dotnet test RegimenMonitor.sln --filter \"Services!=Restarts\"' runs them too."
case "${1-}" in
  "") ;;
  -h|--help) echo "$usage"; exit 0 ;;
  *) printf 'scripts/test.sh: unknown argument %s (it takes none)\n%s\n' "$1" "$usage" >&2; exit 2 ;;
esac

log() { printf '[test.sh] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
services_failed() { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

# --- RabbitMQ and PostgreSQL: installed, started, configured (shared with scripts/load.sh) --------------------------
# shellcheck source=scripts/services.sh
source scripts/services.sh

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
dotnet build RegimenMonitor.sln -c Release -nologo -v q || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
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
