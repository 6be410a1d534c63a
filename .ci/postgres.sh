#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for the tests, as an unprivileged
# user, listening only on a Unix socket, and prints the connection string
# (the tests read it from CARTO_TEST_PG). Installs Debian's postgresql when
# it is missing. Stopped and removed by `.ci/postgres.sh stop`.
set -euo pipefail
dir=/tmp/carto-pg
sock=$dir/sock
port=54329
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ "${1:-}" = stop ]; then
  [ -n "$bin" ] && su cartopg -s /bin/sh -c "$bin/pg_ctl -D $dir/data stop -m immediate" >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi
if [ -z "$bin" ]; then
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >/dev/null
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
id cartopg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin cartopg
rm -rf "$dir" && mkdir -p "$sock" && chown -R cartopg "$dir"
su cartopg -s /bin/sh -c "$bin/initdb -D $dir/data -A trust -U cartopg >/dev/null"
su cartopg -s /bin/sh -c "$bin/pg_ctl -D $dir/data -l $dir/log -w -o \"-k $sock -p $port -c listen_addresses=''\" start >/dev/null"
echo "host=$sock port=$port user=cartopg dbname=postgres"
