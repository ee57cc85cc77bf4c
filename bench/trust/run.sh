#!/usr/bin/env bash
# Runs the trust dashboard's unit-level benchmark and prints its figures (see README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -o -q -B test -Dtest=TrustBenchTests -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true \
  -Dsurefire.printSummary=false 2>&1 | grep 'TRUST-BENCH' || {
  echo "benchmark failed: see target/surefire-reports/dev.converge.portal.trust.TrustBenchTests.txt" >&2; exit 1; }
