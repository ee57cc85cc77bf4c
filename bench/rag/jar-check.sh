#!/usr/bin/env bash
# The packaged jar (Linux natives only, see pom.xml linux-natives-only) still runs a rag runtime that embeds with
# the built-in model. Packages the jar (tests skipped), then runs PackagedRuntimeCheck against it. Prints the jar's
# size; exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -o -q -B package -DskipTests -Djacoco.skip=true
./mvnw -o -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-rag.classpath -Dmdep.includeScope=test
jar=$(ls target/converge-portal-*.jar | grep -v -e '\.original$' | head -1)
timeout 600 java -cp "target/test-classes:target/classes:$(cat target/bench-rag.classpath)" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  dev.converge.portal.rag.runtime.PackagedRuntimeCheck "$jar" 2>&1 | grep -v -e ' INFO ' -e ' DEBUG '
