#!/usr/bin/env bash
# Makes the secrets docker-compose.yml hands to the Treeline services as compose secrets (files, mounted read-only
# under /run/secrets/ in the containers). Run it once before `docker compose up`; it keeps what exists, so tokens and
# stored access keys stay valid. Needs openssl.
#
#   TREELINE_ADMIN_PASSWORD=... docker/make-secrets.sh     # the registry's first admin (8+ characters)
#   docker/make-secrets.sh                                 # a random admin password, printed once
#
# Files (in docker/secrets/, or $TREELINE_SECRETS_DIR):
#   jwt-private.pem          RSA key the registry signs tokens with (PKCS#8 PEM)
#   jwt-public.pem           its public key; every service verifies tokens with it
#   access-keys.properties   treeline.access-keys.encryption-key (registry and deployers)
#   registry-admin.properties treeline.registry.bootstrap-admin.password (registry, first start)
# The directory is 0700 (other users of this host cannot enter it); the files inside are 0644 because the
# containers run as uid 185 and non-swarm compose mounts secret files with their host permissions.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${TREELINE_SECRETS_DIR:-$here/secrets}"
umask 077
mkdir -p "$dir"
chmod 700 "$dir"

# Properties files: config_ordinal 275 puts them above application.properties and below environment variables.
properties() { # key value -> file content; escapes backslashes for java.util.Properties
  printf 'config_ordinal=275\n%s=%s\n' "$1" "$(printf '%s' "$2" | sed 's/\\/\\\\/g')"
}

if [[ ! -f "$dir/jwt-private.pem" || ! -f "$dir/jwt-public.pem" ]]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/jwt-private.pem" 2>/dev/null
  openssl pkey -in "$dir/jwt-private.pem" -pubout -out "$dir/jwt-public.pem"
  echo "made the JWT key pair: $dir/jwt-private.pem, $dir/jwt-public.pem"
fi
if [[ ! -f "$dir/access-keys.properties" ]]; then
  properties treeline.access-keys.encryption-key "$(openssl rand -base64 32)" > "$dir/access-keys.properties"
  echo "made the access-key encryption key: $dir/access-keys.properties"
fi
if [[ -n "${TREELINE_ADMIN_PASSWORD:-}" ]]; then
  if (( ${#TREELINE_ADMIN_PASSWORD} < 8 )); then
    echo "TREELINE_ADMIN_PASSWORD has ${#TREELINE_ADMIN_PASSWORD} characters; use at least 8" >&2
    exit 2
  fi
  properties treeline.registry.bootstrap-admin.password "$TREELINE_ADMIN_PASSWORD" > "$dir/registry-admin.properties"
  echo "wrote the admin password to $dir/registry-admin.properties"
elif [[ ! -f "$dir/registry-admin.properties" ]]; then
  password="$(openssl rand -base64 18)"
  properties treeline.registry.bootstrap-admin.password "$password" > "$dir/registry-admin.properties"
  echo "the registry's first admin: user admin, password $password (kept in $dir/registry-admin.properties)"
fi
chmod 644 "$dir"/jwt-private.pem "$dir"/jwt-public.pem "$dir"/access-keys.properties "$dir"/registry-admin.properties
