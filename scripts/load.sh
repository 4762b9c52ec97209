#!/usr/bin/env bash
# End-to-end load run (see docs/performance.md). Makes sure RabbitMQ and PostgreSQL are up exactly as scripts/test.sh
# does (scripts/services.sh), turns on PostgreSQL's commit timestamps and pg_stat_statements (they need a server
# restart, done only when no other client is connected; RM_LOAD_NO_PG_RESTART=1 never restarts), builds the worker and
# the driver in Release and runs the driver. Every argument goes to the driver (`bash scripts/load.sh --help`).
# Results: artifacts/load/load-results.json (or --output).
set -euo pipefail
cd "$(dirname "$0")/.."

# --help only builds the driver and prints what the script does to the machine, then the driver's options: no
# service is touched
for argument in "$@"; do
  if [ "$argument" = "-h" ] || [ "$argument" = "--help" ]; then
    cat <<'WARNING'
usage: bash scripts/load.sh [options]   (the options are the load driver's, below)

It takes over this machine's RabbitMQ and PostgreSQL, as scripts/test.sh does: do not run it where others depend on
them. Through scripts/services.sh it installs both with apt-get when missing and starts them; makes regimen_test (or
RM_TEST_RABBIT_USER / RM_TEST_PG_USER) a broker administrator and a PostgreSQL superuser, resetting both passwords;
raises max_connections to 300 with a cluster restart when it is lower (scripts/services.sh --help). Then it turns on
PostgreSQL's track_commit_timestamp and pg_stat_statements (ALTER SYSTEM), which needs a restart, done only when no
other client is connected (RM_LOAD_NO_PG_RESTART=1: never; the latency report then falls back to processed_at). Each
run creates and drops its own database and virtual host.

WARNING
    dotnet build bench/RegimenMonitor.LoadDriver -c Release -nologo -v q >&2
    exec dotnet bench/RegimenMonitor.LoadDriver/bin/Release/net10.0/regimen-load.dll --help
  fi
done

# every argument is checked by the driver before any service is touched (a typo must not restart PostgreSQL first)
dotnet build bench/RegimenMonitor.LoadDriver -c Release -nologo -v q >&2
RM_LOAD_CHECK_ARGUMENTS=1 dotnet bench/RegimenMonitor.LoadDriver/bin/Release/net10.0/regimen-load.dll "$@" || exit $?

log() { printf '[load.sh] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
services_failed() { log "the services did not come up"; exit 2; }

# shellcheck source=scripts/services.sh
source scripts/services.sh

# --- commit timestamps (publish → commit latency) and statement statistics (queries per event) ----------------------
pg() { as_root runuser -u postgres -- psql -tAq -v ON_ERROR_STOP=1 -c "$1"; }
changes=()
if [ "$(pg 'SHOW track_commit_timestamp')" != "on" ]; then
  changes+=("ALTER SYSTEM SET track_commit_timestamp = on")
fi
preload=$(pg 'SHOW shared_preload_libraries')
if [[ "$preload" != *pg_stat_statements* ]] && [ -f "/usr/lib/postgresql/$PG_VERSION/lib/pg_stat_statements.so" ]; then
  changes+=("ALTER SYSTEM SET shared_preload_libraries = '${preload:+$preload,}pg_stat_statements'")
fi
if [ "${#changes[@]}" -gt 0 ]; then
  if [ "${RM_LOAD_NO_PG_RESTART:-0}" = "1" ]; then
    log "RM_LOAD_NO_PG_RESTART=1: not enabling track_commit_timestamp/pg_stat_statements (commit times fall back to processed_at)"
  else
    others=1
    for _ in $(seq 1 30); do
      others=$(pg "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")
      [ "$others" -eq 0 ] && break
      sleep 2
    done
    if [ "$others" -ne 0 ]; then
      log "PostgreSQL has $others other client(s) connected: not restarting it (commit times fall back to processed_at)"
    else
      log "enabling track_commit_timestamp and pg_stat_statements: restarting PostgreSQL $PG_VERSION/$PG_CLUSTER"
      for change in "${changes[@]}"; do pg "$change"; done
      as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart
      for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
      pg_isready -h 127.0.0.1 >/dev/null
    fi
  fi
fi

# --- build and run -----------------------------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export RM_LOAD_RABBITMQ=${RM_LOAD_RABBITMQ:-"amqp://$RABBIT_USER:$RABBIT_PASSWORD@127.0.0.1:5672/"}
export RM_LOAD_RABBITMQ_MANAGEMENT=${RM_LOAD_RABBITMQ_MANAGEMENT:-"http://127.0.0.1:15672/"}
export RM_LOAD_POSTGRES=${RM_LOAD_POSTGRES:-"Host=127.0.0.1;Port=5432;Username=$PG_USER;Password=$PG_PASSWORD;Database=postgres"}
exec env -u RM_LOAD_CHECK_ARGUMENTS dotnet bench/RegimenMonitor.LoadDriver/bin/Release/net10.0/regimen-load.dll "$@"
