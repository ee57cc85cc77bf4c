#!/usr/bin/env bash
# Concurrency check: N clients (default 50) create, update, scale and delete a shared set of names (default 10)
# plus names of their own for 60 s against a running portal in sandbox mode; then the portal's list, kubectl and
# the audit log are compared: orphans, acknowledged writes lost, names only kubectl can free. Prints the counts;
# exits 1 when it found any. 127.0.0.1 only.
# Start the portal first (sandbox mode), e.g.  ./mvnw spring-boot:run  , then:
#   PORTAL_PASSWORD="$(cat data/initial-admin-password)" bench/concurrency/run.sh
# Settings (environment): PORTAL_URL, PORTAL_USER, PORTAL_PASSWORD or PORTAL_TOKEN, PORTAL_DATA_DIR, NAMESPACE,
# CLIENTS, NAMES, SECONDS_EACH.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

url="${PORTAL_URL:-http://127.0.0.1:8080}"
data_dir="${PORTAL_DATA_DIR:-$root/data}"
kubeconfig="$data_dir/sandbox/kubeconfig"

case "$url" in
  http://127.0.0.1:*|http://localhost:*) ;;
  *) echo "PORTAL_URL must be on 127.0.0.1: this check writes and deletes deployments." >&2; exit 1 ;;
esac
if [[ ! -r "$kubeconfig" ]]; then
  echo "No sandbox kubeconfig at $kubeconfig: start the portal in sandbox mode or set PORTAL_DATA_DIR." >&2
  exit 1
fi
if [[ -z "${PORTAL_PASSWORD:-}" && -z "${PORTAL_TOKEN:-}" ]]; then
  echo "Set PORTAL_PASSWORD (of ${PORTAL_USER:-admin}, an ADMIN: it reads the audit log) or PORTAL_TOKEN." >&2
  exit 1
fi

credentials=(--user "${PORTAL_USER:-admin}")
if [[ -n "${PORTAL_TOKEN:-}" ]]; then
  credentials+=(--token "$PORTAL_TOKEN")
else
  credentials+=(--password "$PORTAL_PASSWORD")
fi

# The client stops its load after SECONDS_EACH; the timeout bounds the comparison and cleanup after it too.
exec timeout "$(( ${SECONDS_EACH:-60} + 300 ))" java -Xmx256m "$here/ConcurrencyClient.java" \
  --url "$url" "${credentials[@]}" --kubeconfig "$kubeconfig" --namespace "${NAMESPACE:-vision}" \
  --clients "${CLIENTS:-50}" --names "${NAMES:-10}" --seconds "${SECONDS_EACH:-60}"
