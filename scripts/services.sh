#!/usr/bin/env bash
# Makes sure a real RabbitMQ and a real PostgreSQL run on this machine, configured for the tests and the load driver:
# installs them from Debian packages when missing, starts them when not running, waits for them, and (idempotently)
# creates the administrator user/superuser role. Sourced by scripts/test.sh and scripts/load.sh (run from the
# repository root); may also be run alone: `bash scripts/services.sh`.
#
# A sourcing script may define, before sourcing: log MESSAGE (stderr), as_root COMMAND..., and services_failed (called
# when a service does not come up; default: exit 1).
set -euo pipefail

if [ "${BASH_SOURCE[0]}" = "$0" ]; then # run alone, not sourced: it takes no arguments
  case "${1-}" in
    "") ;;
    -h|--help) cat <<'USAGE'
usage: bash scripts/services.sh   (no arguments)
Installs (when missing), starts and configures RabbitMQ and PostgreSQL from Debian's packages, for the tests and
the load driver, idempotently. Meant for a development or CI machine, not a shared server: it
  - sets the password of the user/role regimen_test on both services to regimen_test, on every run (other names
    and passwords: RM_TEST_RABBIT_USER, RM_TEST_RABBIT_PASSWORD, RM_TEST_PG_USER, RM_TEST_PG_PASSWORD),
  - makes regimen_test a RabbitMQ administrator and a PostgreSQL superuser (the tests create and drop their own
    virtual hosts and databases),
  - enables the RabbitMQ management plugin,
  - raises PostgreSQL's max_connections to 300 with ALTER SYSTEM and restarts the cluster when it is lower.
USAGE
      exit 0 ;;
    *) echo "scripts/services.sh: unknown argument $1 (it takes none; --help)" >&2; exit 2 ;;
  esac
fi

declare -F log >/dev/null || log() { printf '[services.sh] %s\n' "$*" >&2; }
declare -F as_root >/dev/null || as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
declare -F services_failed >/dev/null || services_failed() { exit 1; }

apt_updated=${apt_updated:-0}
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

RABBIT_USER=${RM_TEST_RABBIT_USER:-regimen_test}
RABBIT_PASSWORD=${RM_TEST_RABBIT_PASSWORD:-regimen_test}
PG_USER=${RM_TEST_PG_USER:-regimen_test}
PG_PASSWORD=${RM_TEST_PG_PASSWORD:-regimen_test}

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
  services_failed
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
