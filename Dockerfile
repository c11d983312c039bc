# One image per service, built from source by the Maven build inside the image, so that
# `docker compose up` works on a fresh clone with nothing but Docker:
#   docker build --build-arg SERVICE=customer-service --build-arg PORT=8081 -t olf/customer-service .
# SERVICE is the module name, PORT the port it serves (its server.port).

# 1. The Maven build. The five services are built in one identical step, so Compose's five
#    builds share it; Maven's repository is a build cache, kept between builds.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY shared-events shared-events
COPY shared-messaging shared-messaging
COPY shared-web shared-web
COPY auth-service auth-service
COPY local-stack local-stack
COPY customer-service customer-service
COPY order-service order-service
COPY inventory-service inventory-service
COPY olf-stats-service olf-stats-service
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests package -pl auth-service,customer-service,order-service,inventory-service,olf-stats-service -am

# 2. Spring Boot's layered extraction: dependencies change rarely, the application often,
#    so a rebuild after a code change ships only the last, small layers.
FROM eclipse-temurin:21-jre AS extract
ARG SERVICE
WORKDIR /extract
COPY --from=build /src/${SERVICE}/target/${SERVICE}-*-exec.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --destination layers

# 3. The runtime image.
FROM eclipse-temurin:21-jre
ARG SERVICE
ARG PORT
WORKDIR /app
COPY --from=extract /extract/layers/dependencies/ ./
COPY --from=extract /extract/layers/spring-boot-loader/ ./
COPY --from=extract /extract/layers/snapshot-dependencies/ ./
COPY --from=extract /extract/layers/application/ ./
# A class-data-sharing archive from a training run that starts the application context and
# stops before anything connects (no database, no broker at build time): the classes of
# Spring, Hibernate and Kafka load from it at start instead of being parsed again.
RUN java -XX:ArchiveClassesAtExit=app.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
        -Dspring.context.exit=onRefresh -Dspring.flyway.enabled=false \
        -Dspring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=false \
        -Dspring.jpa.database-platform=org.hibernate.dialect.PostgreSQLDialect \
        -Dlogging.level.root=warn -jar app.jar \
 && test -s app.jsa
# A numeric user, so that Kubernetes' runAsNonRoot can check it.
USER 10001:10001
ENV SERVER_PORT=${PORT}
EXPOSE ${PORT}
# Ready means the readiness group answers 200 (database, broker, outbox relay); bash's
# /dev/tcp needs no curl in the image. The long start period costs nothing on a fast machine
# (the first passing check ends it) and keeps a slow, busy one from calling a start a failure.
HEALTHCHECK --interval=5s --timeout=3s --start-period=180s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == *' 200 '* ]]"]
# Heap from the container's memory limit, leaving room for metaspace, threads and buffers;
# JAVA_TOOL_OPTIONS adds or overrides options at run time.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=app.jsa", "-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError", "-jar", "app.jar"]
