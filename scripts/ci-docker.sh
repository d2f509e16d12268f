#!/usr/bin/env bash
# Makes a Docker engine available for the container tests; safe to run any number of times.
# Installs Debian's docker.io and docker-compose (v1) and debootstrap when missing, starts dockerd
# in the background when no engine answers, and waits until `docker info` does. Must run as root.
set -euo pipefail

log() { echo "ci-docker: $*" >&2; }

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v debootstrap >/dev/null || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -q && apt-get install -y -q "${missing[@]}"; } >&2
fi

if ! docker info >/dev/null 2>&1; then
  log "starting dockerd (log: /tmp/dockerd.log)"
  nohup dockerd >/tmp/dockerd.log 2>&1 &
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
fi
if ! docker info >/dev/null 2>&1; then
  log "dockerd did not come up; last lines of /tmp/dockerd.log:"
  tail -n 20 /tmp/dockerd.log >&2 || true
  exit 1
fi
log "docker $(docker version --format '{{.Server.Version}}') ready"
