#!/usr/bin/env bash
# bench/cost: the cost dashboard's and /cost/summary's computations at 2,000 deployments / 10,000 pods over a
# synthetic informer-cache snapshot (see README.md). Prints p50/p95/max in milliseconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -o -q -B test -Dtest=CostBench -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true \
  -Dsurefire.printSummary=false 2>&1 | sed -n '/^bench\/cost/,/summary   /p'
