#!/usr/bin/env bash
# Start PostgreSQL on loopback for the test suite and print its URL (nothing if unavailable).
# Installs Debian's postgresql when missing and we are root (CI machines are fresh).
# Never fails the build: without a server the PostgreSQL tests skip with a reason.
set -u
log() { echo "postgres-for-tests: $*" >&2; }
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian's postgresql (once per machine)..."
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
           apt-get install -y -qq postgresql >/dev/null; } >&2 2>&1; then
      log "install failed; PostgreSQL tests will be skipped"
      exit 0
    fi
  else
    log "no PostgreSQL here and no way to install it; PostgreSQL tests will be skipped"
    exit 0
  fi
fi
version=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
if [ -z "$version" ]; then log "no server binaries found; skipped"; exit 0; fi
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
  pg_createcluster "$version" main >/dev/null 2>&1 || { log "cannot create a cluster"; exit 0; }
fi
pg_ctlcluster "$version" main start >/dev/null 2>&1 || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
if ! su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'frontdesk-test'\"" >/dev/null 2>&1
then
  log "server did not start or could not be configured; skipped"
  exit 0
fi
echo "postgresql+psycopg://postgres:frontdesk-test@127.0.0.1:5432/postgres"
