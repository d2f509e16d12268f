#!/usr/bin/env bash
# Entrypoint of rmipool/postgres:15 (docker/postgres/Dockerfile). Like the official image's:
#  - started as root: makes PGDATA and the socket dir belong to postgres, then re-runs itself
#    as postgres (setpriv, from util-linux);
#  - on an empty PGDATA: initdb with POSTGRES_USER (default postgres) as superuser and
#    POSTGRES_PASSWORD as its password, host connections from any address with
#    POSTGRES_HOST_AUTH_METHOD (default scram-sha-256), creates POSTGRES_DB (default
#    POSTGRES_USER), runs /docker-entrypoint-initdb.d/*.sh|*.sql|*.sql.gz, all on a temporary
#    server that listens on the Unix socket only;
#  - then `exec postgres ...`, so the server is PID 1 and gets the stop signal itself.
# Any command other than postgres (e.g. bash) is run as given.
set -Eeuo pipefail

log() { printf '%s [entrypoint] %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" "$*" >&2; }

# file_env VAR [DEFAULT]: VAR from $VAR, or from the file named by $VAR_FILE (Docker secrets).
file_env() {
  local var=$1 def=${2:-} fvar="${1}_FILE" val
  if [ -n "${!var:-}" ] && [ -n "${!fvar:-}" ]; then
    log "error: both $var and $fvar are set (but are exclusive)"
    exit 1
  fi
  val=$def
  if [ -n "${!var:-}" ]; then
    val=${!var}
  elif [ -n "${!fvar:-}" ]; then
    val=$(<"${!fvar}")
  fi
  export "$var"="$val"
  unset "$fvar"
}

# "-c foo=bar" alone means "postgres -c foo=bar".
if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

if [ "$1" = postgres ]; then
  : "${PGDATA:=/var/lib/postgresql/data}"
  export PGDATA

  if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    # Only fix what is wrong, so a read-only or huge volume is not walked needlessly.
    find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' + 2>/dev/null || true
    chmod 00700 "$PGDATA" 2>/dev/null || true
    chown postgres:postgres /var/run/postgresql
    chmod 3777 /var/run/postgresql
    export HOME=/var/lib/postgresql
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
  fi

  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    file_env POSTGRES_PASSWORD
    file_env POSTGRES_USER postgres
    file_env POSTGRES_DB "$POSTGRES_USER"
    file_env POSTGRES_INITDB_ARGS
    auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}

    if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth" != trust ]; then
      cat >&2 <<'EOF'
Error: Database is uninitialized and superuser password is not specified.
       Set POSTGRES_PASSWORD to a non-empty value for the superuser, or
       POSTGRES_HOST_AUTH_METHOD=trust to allow all connections without a password
       (not recommended).
EOF
      exit 1
    fi

    mkdir -p "$PGDATA"
    chmod 00700 "$PGDATA" 2>/dev/null || true
    log "initializing the database cluster in $PGDATA"
    initdb_args=(--username="$POSTGRES_USER" -D "$PGDATA" --auth-local=trust)
    # POSTGRES_INITDB_ARGS is split on whitespace, e.g. "--data-checksums --encoding=UTF8".
    read -r -a extra <<<"$POSTGRES_INITDB_ARGS"
    initdb_args+=(${extra[@]+"${extra[@]}"})
    if [ -n "$POSTGRES_PASSWORD" ]; then
      initdb "${initdb_args[@]}" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") >&2
    else
      initdb "${initdb_args[@]}" >&2
    fi

    # Host connections from any address (the initdb defaults cover localhost only).
    if [ "$auth" = md5 ]; then
      echo "password_encryption = md5" >>"$PGDATA/postgresql.conf"
    fi
    printf '\n# docker-entrypoint.sh\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"

    # Temporary server on the Unix socket only, so clients (and a TCP healthcheck) cannot
    # reach it before initialization is done.
    PGUSER=$POSTGRES_USER pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -p 5432" start >&2
    psql_cmd=(psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password --username "$POSTGRES_USER" --dbname postgres)

    if [ "$POSTGRES_DB" != postgres ]; then
      exists=$("${psql_cmd[@]}" -tA --set db="$POSTGRES_DB" <<<"SELECT 1 FROM pg_database WHERE datname = :'db';")
      if [ -z "$exists" ]; then
        log "creating database $POSTGRES_DB"
        "${psql_cmd[@]}" -q --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
      fi
    fi

    shopt -s nullglob
    for f in /docker-entrypoint-initdb.d/*; do
      case "$f" in
        *.sh)
          if [ -x "$f" ]; then log "running $f"; "$f"
          else
            log "sourcing $f"
            # shellcheck source=/dev/null
            . "$f"
          fi ;;
        *.sql) log "running $f"; "${psql_cmd[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
        *.sql.gz) log "running $f"; gunzip -c "$f" | "${psql_cmd[@]}" --dbname "$POSTGRES_DB" ;;
        *) log "ignoring $f" ;;
      esac
    done
    shopt -u nullglob

    PGUSER=$POSTGRES_USER pg_ctl -D "$PGDATA" -m fast -w stop >&2
    unset PGPASSWORD
    log "PostgreSQL init process complete; ready for start up"
  else
    log "PostgreSQL database directory appears to contain a database; skipping initialization"
  fi
fi

exec "$@"
