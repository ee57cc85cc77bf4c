#!/usr/bin/env bash
# Chat streaming benchmark: a local OpenAI stub (50 tokens, one every 20 ms), the portal in sandbox mode with that
# stub as an external endpoint, and N streamed chats through the portal beside N straight to the stub, in two modes:
# all released at the same instant (worst case), and starts spread uniformly over SPREAD_MS (all N open at once).
#   bench/chat/run.sh [clients]        (default 200; builds target/converge-portal-*.jar first if missing)
# Settings (environment): CLIENTS, AUTH (token: a personal access token as scripts send; session: the sign-in
# cookie and CSRF token), SPREAD_MS (500), WARMUP_ROUNDS (25), STUB_PORT (18999), PORTAL_PORT (18998), JAR,
# PORTAL_JAVA_OPTS (e.g. a JFR recording; -Dspring.datasource.hikari.maximum-pool-size=40 for a larger pool),
# DB (h2, the embedded default; postgres: a real PostgreSQL started by Pg.java). Prints the figures. See README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
clients="${1:-${CLIENTS:-200}}"
stub_port="${STUB_PORT:-18999}"
portal_port="${PORTAL_PORT:-18998}"
jar="${JAR:-$(ls "$root"/target/converge-portal-*.jar 2>/dev/null | grep -v plain | head -1 || true)}"
if [[ -z "$jar" ]]; then
  (cd "$root" && ./mvnw -q -B package -DskipTests -Djacoco.skip=true)
  jar="$(ls "$root"/target/converge-portal-*.jar | grep -v plain | head -1)"
fi
work="$(mktemp -d)"
cleanup() {
  [[ -n "${portal_pid:-}" ]] && kill "$portal_pid" 2>/dev/null || true
  [[ -n "${stub_pid:-}" ]] && kill "$stub_pid" 2>/dev/null || true
  [[ -n "${pg_pid:-}" ]] && kill "$pg_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

java -Xmx256m "$here/ChatBench.java" stub "$stub_port" > "$work/stub.log" 2>&1 &
stub_pid=$!

# DB=postgres: a real PostgreSQL (zonky's binaries, the tests' dependency) with its default durability settings.
if [[ "${DB:-h2}" == postgres ]]; then
  (cd "$root" && ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt")
  java -Xmx128m -cp "$(cat "$work/cp.txt")" "$here/Pg.java" "$work/pg" > "$work/pg.log" 2>&1 &
  pg_pid=$!
  for _ in $(seq 1 120); do grep -q '^JDBC ' "$work/pg.log" && break; sleep 1; done
  grep -q '^JDBC ' "$work/pg.log" || { echo "PostgreSQL did not start:" >&2; cat "$work/pg.log" >&2; exit 1; }
  export SPRING_DATASOURCE_URL="$(sed -n 's/^JDBC //p' "$work/pg.log")" SPRING_DATASOURCE_USERNAME=postgres \
    SPRING_DATASOURCE_PASSWORD=
fi

# The portal: sandbox mode, a bench ADMIN user, the stub as external endpoint "bench", limits out of the way.
PORTAL_DATA_DIR="$work/data" PORT="$portal_port" \
PORTAL_SECURITY_USERS_0_USERNAME=bench PORTAL_SECURITY_USERS_0_PASSWORD='{noop}bench-pass' \
PORTAL_SECURITY_USERS_0_ROLES=ADMIN PORTAL_SECURITY_USERS_0_TEAMS=vision \
PORTAL_CHAT_ENDPOINTS_0_ID=bench PORTAL_CHAT_ENDPOINTS_0_BASEURL="http://127.0.0.1:$stub_port/v1" \
PORTAL_CHAT_ENDPOINTS_0_MODEL=bench-model PORTAL_CHAT_ENDPOINTS_0_TEAMS=vision \
PORTAL_CHAT_REQUESTSPERMINUTE=100000 PORTAL_CHAT_CONCURRENTSTREAMS=100000 \
  java -Xmx1g ${PORTAL_JAVA_OPTS:-} -jar "$jar" > "$work/portal.log" 2>&1 &
portal_pid=$!
for _ in $(seq 1 180); do
  curl -fs "http://127.0.0.1:$portal_port/actuator/health/readiness" > /dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$portal_port/actuator/health/readiness" > /dev/null || {
  echo "The portal did not start; its log:" >&2; tail -50 "$work/portal.log" >&2; exit 1; }

java -Xmx512m "$here/ChatBench.java" load --portal "http://127.0.0.1:$portal_port" \
  --stub "http://127.0.0.1:$stub_port/v1" --user bench --password bench-pass --clients "$clients" \
  --spread-ms "${SPREAD_MS:-500}" --warmup-rounds "${WARMUP_ROUNDS:-25}" --auth "${AUTH:-token}" \
  --portal-pid "$portal_pid" --stub-pid "$stub_pid" --clock-ticks "$(getconf CLK_TCK)"
