# syntax=docker/dockerfile:1
# Build stage: compiles and packages the portal with the Maven wrapper (tests run in CI, not here).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline
COPY src src
RUN ./mvnw -B -ntp -DskipTests package \
 && java -Djarmode=tools -jar target/converge-portal-*.jar extract --layers --launcher --destination /extracted

# Runtime stage: a JRE and the extracted layers only; no build tools, no shell work at start.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 portal && useradd --system --uid 10001 --gid portal --home /app portal
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
ENV PORTAL_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Djava.io.tmpdir=/tmp"
VOLUME ["/data", "/tmp"]
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
