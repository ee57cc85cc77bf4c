#!/usr/bin/env bash
# bench/rag: RAG runtime indexing throughput, retrieval latency and heap (see README.md). Prints the figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -o -q -B test-compile -Djacoco.skip=true
./mvnw -o -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-rag.classpath -Dmdep.includeScope=test
timeout 1800 java -XX:ActiveProcessorCount="${CORES:-2}" -Xmx"${HEAP:-2g}" \
  -Ddocuments="${DOCUMENTS:-1000}" -Dchunks="${CHUNKS:-20000}" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/test-classes:target/classes:$(cat target/bench-rag.classpath)" \
  dev.converge.portal.rag.runtime.RagBenchmark 2>&1 | grep -v -e ' INFO ' -e ' DEBUG '
