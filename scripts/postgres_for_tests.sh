#!/usr/bin/env bash
# Make sure PostgreSQL server binaries exist for the test suite; never starts a server.
#
# The test suite starts its own throwaway cluster in a temporary folder (tests/pg_server.py)
# and removes it at the end; it only needs initdb and postgres. A fresh CI machine runs
# `make test` as root with nothing installed, so as root (and only then) this installs Debian's
# postgresql, non-interactively and quietly. Anyone else without the binaries gets a note and
# the PostgreSQL tests skip with the reason. Never fails the build.
set -u
log() { echo "postgres-for-tests: $*" >&2; }
if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  log "no PostgreSQL server binaries; the PostgreSQL tests will be skipped"
  log "(install Debian's postgresql, or set FRONTDESK_TEST_POSTGRES to a server URL)"
  exit 0
fi
log "installing Debian's postgresql (once per machine)..."
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
       apt-get install -y -qq --no-install-recommends postgresql >/dev/null; } </dev/null >&2 2>&1
then
  log "install failed; the PostgreSQL tests will be skipped"
fi
exit 0
