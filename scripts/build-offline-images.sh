#!/usr/bin/env bash
# Builds the container base images locally, with no container registry at all:
#
#   rmipool/debian:bookworm  minimal Debian 12 rootfs (debootstrap --variant=minbase) from the
#                            machine's own Debian mirror, loaded with `docker import`
#   rmipool/jre:17           rmipool/debian:bookworm + a jlink runtime of the local JDK 17 in
#                            /opt/java (JAVA_HOME=/opt/java, /opt/java/bin on PATH)
#   rmipool/postgres:15      docker/postgres/Dockerfile built FROM rmipool/debian:bookworm
#                            (PostgreSQL 15 from Debian's packages; behaves like the official
#                            `postgres` image for POSTGRES_USER/PASSWORD/DB and PGDATA)
#   rmipool/zookeeper:3.9    docker/zookeeper/Dockerfile built FROM rmipool/jre:17: a standalone
#                            ZooKeeper 3.9.5 from its jars on Maven Central, which the module
#                            docker/zookeeper copies to docker/zookeeper/target/lib (this script
#                            runs ./mvnw for it: ~/.m2 or Maven Central); the Compose fleet's
#                            ZOOKEEPER_IMAGE (docker-compose.fleet.yml)
#
# Usage: scripts/build-offline-images.sh [--force] [IMAGE...]
#   IMAGE     any of: debian jre postgres zookeeper (default: all four, in that order)
#   --force   rebuild the named images even when they already exist (no build cache, so
#             package updates are picked up)
# An image that already exists is left alone (the script is idempotent). Progress and
# timings go to stderr. Needs root (debootstrap) and a running Docker engine; reaches only
# the Debian mirror named in /etc/apt/sources.list.d/debian.sources (or sources.list), and
# Maven Central for the ZooKeeper jars that are not in ~/.m2 yet.
#
# Environment overrides:
#   DEBIAN_MIRROR         mirror URL for debootstrap and the images' apt sources
#   DEBIAN_SECURITY_MIRROR  security mirror URL for the images' apt sources
#   JDK_HOME              JDK 17 to jlink from (default /usr/lib/jvm/java-17-openjdk-amd64)
#   BUILD_NETWORK         network for `docker build` of postgres: auto (default), bridge, host
set -euo pipefail

DEBIAN_IMAGE=rmipool/debian:bookworm
JRE_IMAGE=rmipool/jre:17
POSTGRES_IMAGE=rmipool/postgres:15
ZOOKEEPER_IMAGE=rmipool/zookeeper:3.9
SUITE=bookworm

# Modules for the jlink runtime. From
#   jdeps --ignore-missing-deps --print-module-deps --multi-release 17 pool-server.jar / pool-client.jar
# (server: java.base,java.compiler,java.desktop,java.instrument,java.management,java.naming,
#  java.rmi,java.scripting,java.security.jgss,java.sql,jdk.net,jdk.unsupported; the client's
#  list is a subset), plus what reflection/service loading needs at run time and jdeps cannot see:
#  jdk.unsupported (sun.misc.Signal), java.xml (Log4j XML config), jdk.crypto.ec (TLS EC
#  ciphers), jdk.zipfs, java.logging, java.transaction.xa (XA classes of java.sql).
# ZooKeeper's server (docker/zookeeper/target/lib) needs a subset: java.base, java.logging,
#  java.management, java.naming, java.security.jgss, java.security.sasl (the last by java.naming),
#  jdk.unsupported (Netty), java.xml (Log4j); without jdk.management its `mntr` reports the
#  file-descriptor counts as -1, nothing else.
JRE_MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.rmi,java.scripting,java.security.jgss,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.net,jdk.unsupported,jdk.zipfs

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JDK_HOME=${JDK_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
BUILD_NETWORK=${BUILD_NETWORK:-auto}
# The engine here is 20.10 and the CLI has no buildx: use the classic builder explicitly,
# which resolves FROM against local images and never pulls.
export DOCKER_BUILDKIT=0

log() { printf '[build-offline-images %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; }

FORCE=0
WANT=()
for arg in "$@"; do
  case "$arg" in
    -f|--force) FORCE=1 ;;
    -h|--help) usage; exit 0 ;;
    debian|jre|postgres|zookeeper) WANT+=("$arg") ;;
    *) usage; die "unknown argument: $arg" ;;
  esac
done
[ ${#WANT[@]} -gt 0 ] || WANT=(debian jre postgres zookeeper)
wanted() { local w; for w in "${WANT[@]}"; do [ "$w" = "$1" ] && return 0; done; return 1; }

# ---------------------------------------------------------------------------------------------
# Helpers

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

image_size() { docker image inspect --format '{{.Size}}' "$1" 2>/dev/null | awk '{printf "%.0f MB", $1/1000/1000}'; }

TIMINGS=()
record() { TIMINGS+=("$(printf '%-26s %-8s %5ss  %s' "$1" "$2" "$3" "$(image_size "$1")")"); }

# Runs "$2..." to build image $1 unless it exists (and no --force); records the time taken.
build_step() {
  local image=$1; shift
  local t0 t1
  t0=$(date +%s)
  if [ "$FORCE" = 0 ] && image_exists "$image"; then
    log "$image exists; not rebuilding (use --force to rebuild)"
    record "$image" exists 0
    return 0
  fi
  local old_id
  old_id=$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  log "building $image"
  "$@"
  image_exists "$image" || die "$image was not created"
  # A forced rebuild leaves the previous image untagged: drop it unless something uses it.
  if [ -n "$old_id" ] && [ "$old_id" != "$(docker image inspect --format '{{.Id}}' "$image")" ]; then
    docker rmi "$old_id" >/dev/null 2>&1 || true
  fi
  t1=$(date +%s)
  log "built $image in $((t1 - t0))s ($(image_size "$image"))"
  record "$image" built "$((t1 - t0))"
}

ensure_docker() {
  command -v docker >/dev/null || die "docker is not installed"
  if docker info >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v dockerd >/dev/null; then
    log "Docker engine not answering; starting dockerd (log: /tmp/dockerd.log)"
    (dockerd >/tmp/dockerd.log 2>&1 &)
    for _ in $(seq 1 60); do
      docker info >/dev/null 2>&1 && return 0
      sleep 1
    done
  fi
  die "Docker engine not reachable (docker info fails)"
}

# First URI of an enabled "deb" source whose suites include $1, from deb822 .sources files
# and then one-line sources.list files.
apt_source_uri() {
  local suite=$1 f uri
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    uri=$(awk -v want="$suite" '
      BEGIN { RS = ""; FS = "\n" }
      {
        uris = ""; suites = ""; types = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          line = $i
          if (line ~ /^[ \t]*#/) continue
          c = index(line, ":"); if (!c) continue
          k = tolower(substr(line, 1, c - 1)); v = substr(line, c + 1)
          gsub(/^[ \t]+|[ \t]+$/, "", v)
          if (k == "uris") uris = v; else if (k == "suites") suites = v
          else if (k == "types") types = v; else if (k == "enabled") enabled = tolower(v)
        }
        if (enabled == "no" || (" " types " ") !~ /[ \t]deb[ \t]/) next
        n = split(suites, s, /[ \t]+/)
        for (j = 1; j <= n; j++) if (s[j] == want) { split(uris, u, /[ \t]+/); print u[1]; exit }
      }' "$f")
    if [ -n "$uri" ]; then echo "$uri"; return 0; fi
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    uri=$(awk -v want="$suite" '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == want) { print $i; exit }
      }' "$f")
    if [ -n "$uri" ]; then echo "$uri"; return 0; fi
  done
  return 1
}

MIRROR=${DEBIAN_MIRROR:-$(apt_source_uri "$SUITE" || true)}
if [ -z "$MIRROR" ]; then
  MIRROR=http://deb.debian.org/debian
  log "no '$SUITE' source found in /etc/apt; using $MIRROR"
fi
MIRROR=${MIRROR%/}
SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-$(apt_source_uri "$SUITE-security" || true)}
SECURITY_MIRROR=${SECURITY_MIRROR%/}

# ---------------------------------------------------------------------------------------------
# rmipool/debian:bookworm

ROOTFS=""
CTX=""
cleanup() {
  if [ -n "$ROOTFS" ] && [ -d "$ROOTFS" ]; then
    # debootstrap mounts proc/sys inside the target; never rm -rf through a mount.
    awk -v r="$ROOTFS" 'index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r |
      while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf --one-file-system "$ROOTFS"
  fi
  if [ -n "$CTX" ] && [ -d "$CTX" ]; then rm -rf "$CTX"; fi
}
trap cleanup EXIT

build_debian() {
  [ "$(id -u)" = 0 ] || die "debootstrap needs root"
  command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
  ROOTFS=$(mktemp -d /var/tmp/rmipool-rootfs.XXXXXX)
  chmod 755 "$ROOTFS"
  log "debootstrap --variant=minbase $SUITE $ROOTFS $MIRROR"
  local t0; t0=$(date +%s)
  # debootstrap's own output is long; keep it in a log and show it only on failure.
  if ! debootstrap --variant=minbase --components=main --merged-usr \
        "$SUITE" "$ROOTFS" "$MIRROR" >"$ROOTFS.log" 2>&1; then
    tail -n 40 "$ROOTFS.log" >&2
    die "debootstrap failed (full log: $ROOTFS.log)"
  fi
  rm -f "$ROOTFS.log"
  log "debootstrap done in $(( $(date +%s) - t0 ))s; trimming the rootfs"

  local r=$ROOTFS
  # apt sources like the host's: the mirror for bookworm + bookworm-updates, and security.
  rm -f "$r/etc/apt/sources.list"
  {
    printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$MIRROR" "$SUITE" "$SUITE"
    if [ -n "$SECURITY_MIRROR" ]; then
      printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "$SECURITY_MIRROR" "$SUITE"
    fi
  } >"$r/etc/apt/sources.list.d/debian.sources"

  # What Debian's own container images do: no services started by package scripts, no apt
  # caches or translations kept, and no docs/man pages/locales installed by later packages.
  printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d"
  chmod 755 "$r/usr/sbin/policy-rc.d"
  cat >"$r/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  echo 'Acquire::Languages "none";' >"$r/etc/apt/apt.conf.d/docker-no-languages"
  printf 'Acquire::GzipIndexes "true";\nAcquire::CompressionTypes::Order:: "gz";\n' \
    >"$r/etc/apt/apt.conf.d/docker-gzip-indexes"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$r/etc/apt/apt.conf.d/docker-autoremove-suggests"
  cat >"$r/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  # debootstrap installs the release as it was; bring in bookworm-updates/-security now so
  # every image built on top starts current.
  log "apt-get upgrade inside the rootfs"
  mount -t proc proc "$r/proc"
  [ -s "$r/etc/resolv.conf" ] || cp /etc/resolv.conf "$r/etc/resolv.conf"
  if ! { chroot "$r" apt-get update -q &&
         chroot "$r" env DEBIAN_FRONTEND=noninteractive apt-get upgrade -y -q \
           -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold; } \
         >"$ROOTFS.log" 2>&1; then
    tail -n 40 "$ROOTFS.log" >&2
    die "apt-get upgrade in the rootfs failed"
  fi
  grep -E '^[0-9]+ upgraded' "$ROOTFS.log" >&2 || true
  rm -f "$ROOTFS.log"
  umount "$r/proc"
  # Apply the same trimming to what debootstrap already installed.
  find "$r/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  find "$r/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  rm -rf "$r/usr/share/man/"* "$r/usr/share/info/"* "$r/usr/share/groff/"* "$r/usr/share/lintian/"*
  find "$r/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
  rm -rf "$r/var/lib/apt/lists/"* "$r/var/cache/apt/"*.bin "$r/var/cache/apt/archives/"*.deb \
         "$r/var/cache/debconf/"*-old "$r/var/lib/dpkg/"*-old "$r/var/log/"*.log \
         "$r/var/log/apt/"* "$r/tmp/"* "$r/var/tmp/"*
  mkdir -p "$r/var/lib/apt/lists/partial"
  # Files debootstrap copied from this machine; Docker supplies its own at run time.
  rm -f "$r/etc/hostname" "$r/etc/resolv.conf"
  : >"$r/etc/machine-id" 2>/dev/null || true

  log "importing the rootfs ($(du -sh --one-file-system "$r" | cut -f1)) as $DEBIAN_IMAGE"
  tar --numeric-owner -C "$r" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    --message "debootstrap --variant=minbase $SUITE $MIRROR" \
    - "$DEBIAN_IMAGE" >/dev/null
  cleanup
  ROOTFS=""
  docker run --rm "$DEBIAN_IMAGE" bash -c '. /etc/os-release && echo "$PRETTY_NAME"' >&2
}

# ---------------------------------------------------------------------------------------------
# rmipool/jre:17

build_jre() {
  image_exists "$DEBIAN_IMAGE" || die "$DEBIAN_IMAGE is missing (build it first)"
  [ -x "$JDK_HOME/bin/jlink" ] || die "no jlink in $JDK_HOME (install openjdk-17-jdk-headless)"
  [ -d "$JDK_HOME/jmods" ] || die "no $JDK_HOME/jmods"
  CTX=$(mktemp -d /var/tmp/rmipool-jre.XXXXXX)
  log "jlink --add-modules $JRE_MODULES"
  # --generate-cds-archive: the runtime's own class-data archive (lib/server/classes.jsa), as a JDK
  # has; every JVM in the images starts faster from it, and the client's workers layer theirs on it.
  "$JDK_HOME/bin/jlink" --add-modules "$JRE_MODULES" \
    --strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive \
    --output "$CTX/java"
  log "runtime: $(du -sh "$CTX/java" | cut -f1)"
  cat >"$CTX/Dockerfile" <<EOF
FROM $DEBIAN_IMAGE
COPY java /opt/java
ENV JAVA_HOME=/opt/java \\
    PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
    LANG=C.UTF-8
RUN java -version && java --list-modules
CMD ["java", "-version"]
EOF
  docker build -q ${NO_CACHE[@]+"${NO_CACHE[@]}"} -t "$JRE_IMAGE" "$CTX" >/dev/null
  rm -rf "$CTX"
  CTX=""
  # The check the image must pass, and a warning for native libraries that cannot load.
  docker run --rm "$JRE_IMAGE" java -version
  local missing
  missing=$(docker run --rm "$JRE_IMAGE" sh -c \
    'for f in $(find /opt/java -name "*.so"); do ldd "$f" 2>/dev/null | sed -n "s|^\t*\(.*\) => not found|\1|p"; done' | grep -v '^libjvm\.so$' | sort -u | tr '\n' ' ' || true)
  if [ -n "$missing" ]; then
    log "note: not in the image, needed only by optional JDK features (AWT fonts/images, X11, sound): $missing"
  fi
}

# ---------------------------------------------------------------------------------------------
# rmipool/postgres:15

build_postgres() {
  image_exists "$DEBIAN_IMAGE" || die "$DEBIAN_IMAGE is missing (build it first)"
  local dir=$ROOT/docker/postgres net=()
  [ -f "$dir/Dockerfile" ] || die "missing $dir/Dockerfile"
  case "$BUILD_NETWORK" in
    bridge) ;;
    host) net=(--network host) ;;
    auto)
      # Does a container on Docker's default bridge reach the mirror? If not, build with the
      # host's network stack instead.
      local host=${MIRROR#*://}; host=${host%%/*}
      local port=80; case "$MIRROR" in https://*) port=443 ;; esac
      case "$host" in *:*) port=${host##*:}; host=${host%:*} ;; esac
      if docker run --rm "$DEBIAN_IMAGE" timeout 15 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null; then
        log "containers on the bridge network reach $host:$port; normal build"
      else
        log "containers on the bridge network do not reach $host:$port; building with --network host"
        net=(--network host)
      fi
      ;;
    *) die "BUILD_NETWORK must be auto, bridge or host" ;;
  esac
  docker build ${net[@]+"${net[@]}"} ${NO_CACHE[@]+"${NO_CACHE[@]}"} --build-arg "BASE_IMAGE=$DEBIAN_IMAGE" \
    -t "$POSTGRES_IMAGE" "$dir" >&2
}

# ---------------------------------------------------------------------------------------------
# rmipool/zookeeper:3.9

build_zookeeper() {
  image_exists "$JRE_IMAGE" || die "$JRE_IMAGE is missing (build it first)"
  local dir=$ROOT/docker/zookeeper
  [ -f "$dir/Dockerfile" ] || die "missing $dir/Dockerfile"
  # The jars, exactly the module's set (no leftovers of an older version): from ~/.m2, or Maven Central.
  rm -rf "$dir/target/lib"
  log "./mvnw package -pl docker/zookeeper (ZooKeeper's jars to docker/zookeeper/target/lib)"
  (cd "$ROOT" && ./mvnw -B -q package -pl docker/zookeeper) >&2 || die "could not get ZooKeeper's jars"
  [ -n "$(ls "$dir/target/lib" 2>/dev/null)" ] || die "no jars in $dir/target/lib"
  docker build ${NO_CACHE[@]+"${NO_CACHE[@]}"} --build-arg "BASE_IMAGE=$JRE_IMAGE" \
    -t "$ZOOKEEPER_IMAGE" "$dir" >&2
  # The check the image must pass: it starts and serves requests.
  local name=rmipool-zookeeper-check-$$ ok=0
  docker run -d --name "$name" "$ZOOKEEPER_IMAGE" >/dev/null
  for _ in $(seq 1 60); do
    if docker exec "$name" bash -c 'exec 3<>/dev/tcp/127.0.0.1/2181 && printf srvr >&3 && cat <&3' 2>/dev/null |
         grep -q '^Mode: standalone'; then
      ok=1; break
    fi
    sleep 1
  done
  [ "$ok" = 1 ] || docker logs "$name" >&2 || true
  docker rm -f -v "$name" >/dev/null   # -v: and its anonymous /data volume
  [ "$ok" = 1 ] || die "$ZOOKEEPER_IMAGE does not serve on 2181"
  log "$ZOOKEEPER_IMAGE serves (srvr: Mode: standalone)"
}

# ---------------------------------------------------------------------------------------------

START=$(date +%s)
ensure_docker
log "Debian mirror: $MIRROR${SECURITY_MIRROR:+ (security: $SECURITY_MIRROR)}"
NO_CACHE=()
if [ "$FORCE" = 1 ]; then
  log "--force: rebuilding ${WANT[*]} (docker build --no-cache)"
  NO_CACHE=(--no-cache)
fi
wanted debian && build_step "$DEBIAN_IMAGE" build_debian
wanted jre && build_step "$JRE_IMAGE" build_jre
wanted postgres && build_step "$POSTGRES_IMAGE" build_postgres
wanted zookeeper && build_step "$ZOOKEEPER_IMAGE" build_zookeeper

log "done in $(( $(date +%s) - START ))s"
{
  printf '%-26s %-8s %6s  %s\n' IMAGE STATUS TIME SIZE
  printf '%s\n' "${TIMINGS[@]}"
} >&2
