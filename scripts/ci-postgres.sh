#!/usr/bin/env bash
# Prepares a local PostgreSQL for the integration tests; safe to run any number of times.
#   eval "$(scripts/ci-postgres.sh)"
# Installs the server from apt when none is installed (Debian 12 gives 15), makes sure the
# cluster "<ver> main" exists and runs (pg_ctlcluster, no systemd) listening on 127.0.0.1 only,
# creates the login role rmipool (password rmipool) and the database rmipool owned by it, and the
# superuser rmipool_super (for the test of the server's warning about superusers),
# waits until pg_isready, then prints the POOL_TEST_PG_* export lines on stdout.
# Everything else goes to stderr. Must run as root (CI does).
set -euo pipefail

log() { echo "ci-postgres: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  log "must run as root (it installs packages and runs pg_ctlcluster)"
  exit 1
fi

# 1. The server: any /usr/lib/postgresql/<ver>/bin/postgres counts as installed.
server_versions() {
  local bin
  for bin in /usr/lib/postgresql/*/bin/postgres; do
    [ -x "$bin" ] && basename "$(dirname "$(dirname "$bin")")"
  done | sort -n
}
if [ -z "$(server_versions)" ]; then
  log "no PostgreSQL server installed; installing it with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -q && apt-get install -y -q postgresql; } >&2
fi
ver=$(server_versions | tail -n 1)
if [ -z "$ver" ]; then
  log "PostgreSQL server still missing after apt-get install"
  exit 1
fi
cluster=main

# 2. The cluster: the package's postinst normally creates "<ver> main"; create it if not.
if [ ! -f "/etc/postgresql/$ver/$cluster/postgresql.conf" ]; then
  log "creating cluster $ver/$cluster"
  pg_createcluster "$ver" "$cluster" --port 5432 >&2
fi
confdir=/etc/postgresql/$ver/$cluster
port=$(pg_conftool -s "$ver" "$cluster" show port 2>/dev/null || echo 5432)

# Listen on 127.0.0.1 only (the default "localhost" also takes ::1). conf.d is included by
# Debian's postgresql.conf; a file there keeps the setting across stop/start.
want="listen_addresses = '127.0.0.1'"
conf=$confdir/conf.d/rmipool-ci.conf
changed=no
if [ "$(cat "$conf" 2>/dev/null)" != "$want" ]; then
  mkdir -p "$confdir/conf.d"
  echo "$want" >"$conf"
  chown postgres:postgres "$conf"
  changed=yes
fi

status() { pg_lsclusters -h "$ver" "$cluster" | awk '{print $4}'; }
if [ "$(status)" = online ]; then
  if [ "$changed" = yes ]; then
    log "restarting cluster $ver/$cluster for listen_addresses"
    pg_ctlcluster "$ver" "$cluster" restart >&2
  fi
else
  log "starting cluster $ver/$cluster on port $port"
  pg_ctlcluster "$ver" "$cluster" start >&2
fi

# 3. Wait until the server accepts TCP connections on 127.0.0.1.
for _ in $(seq 1 300); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.1
done
if ! pg_isready -h 127.0.0.1 -p "$port" >&2; then
  log "cluster $ver/$cluster is not ready on 127.0.0.1:$port"
  tail -n 20 "/var/log/postgresql/postgresql-$ver-$cluster.log" >&2 || true
  exit 1
fi

# 4. Role and database, idempotently (the password is reset every run).
runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres >&2 <<'SQL'
SELECT 'CREATE ROLE rmipool LOGIN'
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rmipool') \gexec
ALTER ROLE rmipool WITH LOGIN PASSWORD 'rmipool';
SELECT 'CREATE DATABASE rmipool OWNER rmipool'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'rmipool') \gexec
ALTER DATABASE rmipool OWNER TO rmipool;
SELECT 'CREATE ROLE rmipool_super LOGIN SUPERUSER'
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rmipool_super') \gexec
ALTER ROLE rmipool_super WITH LOGIN SUPERUSER PASSWORD 'rmipool_super';
SQL
log "ready: cluster $ver/$cluster on 127.0.0.1:$port, role and database rmipool (and the superuser rmipool_super)"

echo "export POOL_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$port/rmipool"
echo "export POOL_TEST_PG_USER=rmipool"
echo "export POOL_TEST_PG_PASSWORD=rmipool"
# a superuser, for the test that the server warns about one
echo "export POOL_TEST_PG_SUPERUSER=rmipool_super"
echo "export POOL_TEST_PG_SUPERUSER_PASSWORD=rmipool_super"
echo "export POOL_TEST_PG_CTL=\"pg_ctlcluster $ver $cluster\""
