#!/usr/bin/env bash
# The runtime role's start time with the built-in embedding model and with an embeddings endpoint (see README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -o -q -B test-compile -Djacoco.skip=true
./mvnw -o -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-rag.classpath -Dmdep.includeScope=test
for embedding in endpoint builtin endpoint builtin; do
  timeout 300 java -XX:ActiveProcessorCount="${CORES:-2}" -Dembedding=$embedding \
    -cp "target/test-classes:target/classes:$(cat target/bench-rag.classpath)" \
    dev.converge.portal.rag.runtime.RagRuntimeStartTime 2>&1 | grep '^embedding'
done
