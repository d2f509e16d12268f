#!/usr/bin/env sh
# Writes a new random login secret (32 random bytes, base64: 43 characters) for RMI Pool:
#
#   scripts/new-secret.sh [--if-missing] FILE
#
# The file is readable by its owner only. Give it to the server with --secret-file FILE (or
# POOL_SECRET_FILE=FILE) and to every client with --secret-file FILE. --if-missing keeps an existing
# FILE (for the Compose init service). A server refuses secrets shorter than 16 bytes.
set -eu
if_missing=0
if [ "${1:-}" = "--if-missing" ]; then if_missing=1; shift; fi
case "${1:-}" in
  ""|-h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; [ -n "${1:-}" ] && exit 0; exit 2 ;;
esac
file=$1
if [ "$if_missing" = 1 ] && [ -s "$file" ]; then
  echo "new-secret: $file exists; keeping it" >&2
  exit 0
fi
umask 077
head -c 32 /dev/urandom | base64 | tr -d '=\n' >"$file.tmp"
printf '\n' >>"$file.tmp"
mv "$file.tmp" "$file"
echo "new-secret: wrote $file" >&2
