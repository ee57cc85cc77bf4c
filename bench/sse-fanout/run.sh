#!/usr/bin/env bash
# SSE fan-out benchmark: N signed-in SSE clients, a burst of deployment changes in the sandbox, figures printed.
# Start the portal first (sandbox mode), e.g.  ./mvnw spring-boot:run  , then:
#   PORTAL_PASSWORD=... bench/sse-fanout/run.sh [clients]
# Settings (environment): PORTAL_URL, PORTAL_USER, PORTAL_PASSWORD, PORTAL_DATA_DIR, NAMESPACE, DEPLOYMENTS,
# ROUNDS, RATE (changes started per second; 0 = all at once), PORTAL_PID. See README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

url="${PORTAL_URL:-http://127.0.0.1:8080}"
data_dir="${PORTAL_DATA_DIR:-$root/data}"
kubeconfig="$data_dir/sandbox/kubeconfig"
clients="${1:-${CLIENTS:-2000}}"
port="$(sed -E 's#^[a-z]+://[^:/]+:?([0-9]*).*#\1#' <<<"$url")"
port="${port:-80}"

if [[ ! -r "$kubeconfig" ]]; then
  echo "No sandbox kubeconfig at $kubeconfig: start the portal in sandbox mode or set PORTAL_DATA_DIR." >&2
  exit 1
fi
if [[ -z "${PORTAL_PASSWORD:-}" ]]; then
  echo "Set PORTAL_PASSWORD to the password of ${PORTAL_USER:-admin} (an ADMIN: it reads /actuator/prometheus)." >&2
  exit 1
fi
# The portal's pid, for its RSS: the process listening on the portal's port.
pid="${PORTAL_PID:-$(ss -Hltnp "sport = :$port" 2>/dev/null | sed -nE 's/.*pid=([0-9]+).*/\1/p' | head -1)}"

# Every client connection is a socket: raise the open-file limit of the client (the portal needs the same).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if (( $(ulimit -n) < clients + 100 )); then
  echo "Open-file limit $(ulimit -n) is below $clients clients; raise it (ulimit -n) first." >&2
  exit 1
fi

exec java -Xmx512m -XX:+UseSerialGC "$here/LoadClient.java" \
  --url "$url" --user "${PORTAL_USER:-admin}" --password "$PORTAL_PASSWORD" \
  --clients "$clients" --namespace "${NAMESPACE:-vision}" \
  --deployments "${DEPLOYMENTS:-10}" --rounds "${ROUNDS:-5}" --rate "${RATE:-20}" \
  --kubeconfig "$kubeconfig" --pid "${pid:-}" --settle "${SETTLE:-30}"
