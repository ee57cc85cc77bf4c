#!/usr/bin/env bash
# Deployment list-page benchmark: seeds the sandbox (2,000 deployments, 10,000 pods), then 20 clients drive
# GET /deployments as HTML and as JSON for 30 s each; prints p50/p95/p99, throughput, portal heap and the sandbox
# API-server requests made meanwhile; times `kubectl get deployments -A` on the same sandbox for reference.
# Start the portal first (sandbox mode), e.g.  ./mvnw spring-boot:run  , then:
#   PORTAL_PASSWORD=... bench/list-pages/run.sh
# Settings (environment): PORTAL_URL, PORTAL_USER, PORTAL_PASSWORD, PORTAL_DATA_DIR, DEPLOYMENTS, PODS, CLIENTS,
# SECONDS_EACH, SEED (0 = the sandbox is seeded already).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

url="${PORTAL_URL:-http://127.0.0.1:8080}"
data_dir="${PORTAL_DATA_DIR:-$root/data}"
kubeconfig="$data_dir/sandbox/kubeconfig"
deployments="${DEPLOYMENTS:-2000}"
pods="${PODS:-10000}"

if [[ ! -r "$kubeconfig" ]]; then
  echo "No sandbox kubeconfig at $kubeconfig: start the portal in sandbox mode or set PORTAL_DATA_DIR." >&2
  exit 1
fi
if [[ -z "${PORTAL_PASSWORD:-}" ]]; then
  echo "Set PORTAL_PASSWORD to the password of ${PORTAL_USER:-admin} (an ADMIN: it reads /actuator/prometheus)." >&2
  exit 1
fi

if [[ "${SEED:-1}" != 0 ]]; then
  echo "== Seeding the sandbox: $deployments deployments, $pods pods"
  "$root/bench/seed-sandbox.sh" --data-dir "$data_dir" --deployments "$deployments" --pods "$pods"
fi

echo "== kubectl get deployments -A (reference, ${KUBECTL_RUNS:-3} runs)"
cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT
TIMEFORMAT='   %R s'
for _ in $(seq "${KUBECTL_RUNS:-3}"); do
  time (kubectl --kubeconfig "$kubeconfig" --cache-dir "$cache" --request-timeout="${KUBECTL_TIMEOUT:-60s}" \
    get deployments -A --no-headers | wc -l | sed 's/^/   deployments listed: /' \
    || echo "   kubectl failed (see its message above)")
done

echo "== Load"
exec java -Xmx256m "$here/LoadClient.java" \
  --url "$url" --user "${PORTAL_USER:-admin}" --password "$PORTAL_PASSWORD" \
  --clients "${CLIENTS:-20}" --seconds "${SECONDS_EACH:-30}" --warmup "${WARMUP:-5}" --idle "${IDLE:-10}" \
  --expect-deployments "$deployments" --formats "${FORMATS:-text/html,application/json}"
