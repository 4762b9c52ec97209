#!/usr/bin/env bash
# The sweep benchmark (issue #5): seeds N regimens (default 1,000,000) in a fresh PostgreSQL database, runs the real
# `regimen-monitor sweep` verb against it and reports regimens per second and the process's peak memory.
# Needs PostgreSQL as scripts/services.sh sets it up (RM_TEST_PG_USER/RM_TEST_PG_PASSWORD on 127.0.0.1; it takes over
# the machine's services, as scripts/test.sh: not where others depend on them). Usage: scripts/bench-sweep.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: bash scripts/bench-sweep.sh [N]   (N regimens, a whole number from 1; default 1000000)
Drops and recreates the PostgreSQL database ${RM_BENCH_DB:-regimen_sweep_bench}, seeds it and times the sweep."
case "${1-}" in
  -h|--help) echo "$usage"; exit 0 ;;
esac
if [ "$#" -gt 1 ] || { [ "$#" -eq 1 ] && ! [[ "$1" =~ ^[1-9][0-9]*$ ]]; }; then
  printf 'scripts/bench-sweep.sh: expected at most one argument, a whole number of regimens (got: %s)\n%s\n' "$*" "$usage" >&2
  exit 2
fi
N=${1:-1000000}
DB=${RM_BENCH_DB:-regimen_sweep_bench}
PG_USER=${RM_TEST_PG_USER:-regimen_test}
PG_PASSWORD=${RM_TEST_PG_PASSWORD:-regimen_test}
export PGPASSWORD=$PG_PASSWORD
psql_() { psql -h 127.0.0.1 -U "$PG_USER" -v ON_ERROR_STOP=1 -q "$@"; }

version=$(grep -m1 '"version"' src/RegimenMonitor.Rules/Knowledge/rules.json | sed -E 's/.*"([0-9.]+)".*/\1/')
dotnet build src/RegimenMonitor.Worker -c Release -nologo -v q >/dev/null
worker=(dotnet src/RegimenMonitor.Worker/bin/Release/net10.0/regimen-monitor.dll)
export Database__Provider=PostgreSql
export ConnectionStrings__Database="Host=127.0.0.1;Port=5432;Username=$PG_USER;Password=$PG_PASSWORD;Database=$DB"
export Logging__LogLevel__Default=Warning DOTNET_NOLOGO=1

echo "[bench-sweep] fresh database $DB"
psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
"${worker[@]}" migrate
echo "[bench-sweep] seeding $N regimens (rule set $version)"
start=$(date +%s)
psql_ -d "$DB" -v n="$N" -v version="$version" -f bench/sweep/seed.sql
echo "[bench-sweep] seeded in $(( $(date +%s) - start )) s"

report() {
  psql_ -d "$DB" -At -c "SELECT '[bench-sweep] findings active: ' || count(*) FROM findings WHERE state = 'active'" \
    -c "SELECT '[bench-sweep] alerts in the outbox: ' || count(*) FROM alert_outbox" \
    -c "SELECT '[bench-sweep] still due: ' || count(*) FROM patients WHERE next_review_at <= now()"
}
# 1: the first sweep over fresh regimens opens every finding (half of them raise an alert): the heavy case.
echo "[bench-sweep] sweep 1 (opens findings)"
/usr/bin/time -f "[bench-sweep] peak memory %M KiB, wall %e s" "${worker[@]}" sweep
report
# 2: the steady-state night: every regimen due again, findings already open, results mostly unchanged.
psql_ -d "$DB" -c "UPDATE patients SET next_review_at = now() - interval '1 hour'" -c "VACUUM ANALYZE patients"
echo "[bench-sweep] sweep 2 (steady state: findings already open)"
/usr/bin/time -f "[bench-sweep] peak memory %M KiB, wall %e s" "${worker[@]}" sweep
report
if [ "${RM_BENCH_KEEP:-0}" != 1 ]; then psql_ -d postgres -c "DROP DATABASE $DB WITH (FORCE)"; fi
