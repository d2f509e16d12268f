#!/usr/bin/env bash
# Runs once, when the PostgreSQL data directory is created: makes the role the pool logs in with.
# It is not a superuser (a superuser can run programs and read files on the database host through
# SQL, and every pool client with the secret can send SQL): it may log in, connect to the database
# and create, use and drop its own tables in the public schema.
set -euo pipefail
: "${POOL_DB_USER:=pool}" "${POOL_DB_PASSWORD:?POOL_DB_PASSWORD must be set}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v user="$POOL_DB_USER" -v password="$POOL_DB_PASSWORD" -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"user" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'password';
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"user";
GRANT USAGE, CREATE ON SCHEMA public TO :"user";
SQL
