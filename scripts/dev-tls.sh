#!/usr/bin/env sh
# Makes development TLS material for RMI Pool with keytool (part of every Java runtime):
#
#   scripts/dev-tls.sh [--if-missing] DIR [HOST...]
#
#   DIR/ca.pem       the development CA's certificate: the clients' --tls-truststore (and the
#                    server's, for mutual TLS)
#   DIR/ca.p12       the CA's key, to sign more certificates; keep it away from servers and clients
#   DIR/server.p12   the server's key and certificate chain: the server's --tls-keystore. The
#                    certificate names localhost, 127.0.0.1, ::1, pool-server and every HOST given
#   DIR/client.p12   a client key and certificate for mutual TLS: a client's --tls-keystore
#   DIR/password     the password of the three .p12 files (--tls-keystore-password-file)
#
# Keys are EC P-256, certificates valid for 825 days. Files are readable by their owner only.
# --if-missing does nothing when DIR/server.p12 already exists (for the Compose init service).
# For production, use certificates from your own CA; nothing here is specific to this script.
set -eu

usage() { sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; }

if_missing=0
if [ "${1:-}" = "--if-missing" ]; then if_missing=1; shift; fi
case "${1:-}" in
  ""|-h|--help) usage; [ -n "${1:-}" ] && exit 0; exit 2 ;;
esac
dir=$1; shift

if [ "$if_missing" = 1 ] && [ -f "$dir/server.p12" ]; then
  echo "dev-tls: $dir/server.p12 exists; nothing to do" >&2
  exit 0
fi

keytool=keytool
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/keytool" ]; then keytool=$JAVA_HOME/bin/keytool; fi
command -v "$keytool" >/dev/null 2>&1 || { echo "dev-tls: keytool not found (install a JDK or set JAVA_HOME)" >&2; exit 1; }

umask 077
mkdir -p "$dir"
work=$(mktemp -d "${TMPDIR:-/tmp}/dev-tls.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Subject alternative names: the usual local names, then the HOST arguments (IP or DNS).
san="dns:localhost,ip:127.0.0.1,ip:::1,dns:pool-server"
for host in "$@"; do
  case "$host" in
    *[!0-9.]*) case "$host" in *:*) san="$san,ip:$host" ;; *) san="$san,dns:$host" ;; esac ;;
    *) san="$san,ip:$host" ;;
  esac
done

password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')
printf '%s\n' "$password" >"$work/password"
kt() { "$keytool" "$@" -storetype PKCS12 -storepass "$password" >/dev/null 2>&1 || { echo "dev-tls: keytool $1 failed" >&2; "$keytool" "$@" -storetype PKCS12 -storepass "$password" >&2; exit 1; }; }

# 1. The CA.
kt -genkeypair -alias ca -keyalg EC -groupname secp256r1 -validity 825 \
   -dname "CN=RMI Pool development CA" -ext bc:c -ext KeyUsage=keyCertSign,cRLSign -keystore "$work/ca.p12"
kt -exportcert -rfc -alias ca -keystore "$work/ca.p12" -file "$work/ca.pem"

# 2. A key pair signed by the CA: leaf ALIAS CN EXTENDED-KEY-USAGE [SAN]
leaf() {
  kt -genkeypair -alias "$1" -keyalg EC -groupname secp256r1 -validity 825 -dname "CN=$2" -keystore "$work/$1.p12"
  kt -certreq -alias "$1" -keystore "$work/$1.p12" -file "$work/$1.csr"
  if [ -n "${4:-}" ]; then
    kt -gencert -alias ca -keystore "$work/ca.p12" -infile "$work/$1.csr" -outfile "$work/$1.crt" -rfc \
       -validity 825 -ext KeyUsage=digitalSignature -ext "ExtendedKeyUsage=$3" -ext "SubjectAlternativeName=$4"
  else
    kt -gencert -alias ca -keystore "$work/ca.p12" -infile "$work/$1.csr" -outfile "$work/$1.crt" -rfc \
       -validity 825 -ext KeyUsage=digitalSignature -ext "ExtendedKeyUsage=$3"
  fi
  kt -importcert -noprompt -alias ca -file "$work/ca.pem" -keystore "$work/$1.p12"
  kt -importcert -alias "$1" -file "$work/$1.crt" -keystore "$work/$1.p12"
}
# serverAuth and clientAuth: the server's container health check presents the server's own certificate
leaf server pool-server serverAuth,clientAuth "$san"
leaf client rmipool-client clientAuth

for f in ca.pem ca.p12 server.p12 client.p12 password; do
  cp "$work/$f" "$dir/$f"
done
echo "dev-tls: wrote $dir/{ca.pem,ca.p12,server.p12,client.p12,password}; server names: $san" >&2
