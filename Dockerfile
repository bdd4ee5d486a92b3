# Runs a Sightline built on the host (bin/sightline --build, or mvn -DskipTests package):
#   docker build -t sightline . && docker run -p 4317:4317 -p 4318:4318 -p 16686:16686 -v sightline-data:/data sightline
# A JDK, not a JRE: Chronicle Map compiles classes at run time.
FROM eclipse-temurin:17-jdk

RUN useradd --system --uid 10001 --home-dir /opt/sightline sightline \
    && mkdir -p /data && chown sightline /data
WORKDIR /opt/sightline
COPY --chown=sightline server/target/quarkus-app/ /opt/sightline/
USER sightline

# Inside a container the receivers must listen beyond loopback; the published ports decide who reaches them.
ENV SIGHTLINE_HOST=0.0.0.0 \
    SIGHTLINE_STORE_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true"

VOLUME /data
EXPOSE 4317 4318 16686
# Readiness: GET /q/health/ready on 16686 (UP once the write-ahead log is replayed).
ENTRYPOINT ["java", "-jar", "/opt/sightline/quarkus-run.jar"]
