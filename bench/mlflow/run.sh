#!/usr/bin/env bash
# MLflow manager benchmark: an experiment of 10,000 runs (20 params, 10 metrics each) and 10 runs with 1,000-step
# histories of 10 metrics; a warm portal serves the experiment page's first page sorted by a metric, and the
# compare of the 10 runs; prints p50/p95/p99 of each and the tracking server's own time for the same search.
# Against MLFLOW_TRACKING_URI when set (a tracking server the benchmark may fill: 10,000 runs through its REST API),
# with TARGET=sandbox the portal's own sandbox tracking server (filled through JDBC, as bench/mlflow/seed does),
# otherwise the documented-API stub of the tests (filled in memory). Needs no running portal: it starts one.
# Besides wall time it prints the process's CPU time per request (and MLflow calls per request against the stub).
#   TARGET=sandbox bench/mlflow/run.sh
# Settings (environment): TARGET (stub | sandbox), MLFLOW_TRACKING_URI, RUNS (10000), ITERATIONS (200), WARMUP (50).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
./mvnw -q -B test -Dtest=MlflowBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true \
  -Dbench.target="${TARGET:-stub}" -Dbench.runs="${RUNS:-10000}" -Dbench.iterations="${ITERATIONS:-200}" -Dbench.warmup="${WARMUP:-50}" \
  > "$log" 2>&1 || { tail -50 "$log"; exit 1; }
grep -E '^(== |experiment page|same, JSON|compare 10|tracking server|mlflow-client|  /mlflow)' "$log" \
  || grep -A12 '== Seeded' target/surefire-reports/*MlflowBenchmark-output.txt
