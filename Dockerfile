# One image per service, from the executable jar the Maven build makes:
#   ./mvnw -DskipTests package && docker compose up --build
# SERVICE is the module name, e.g. customer-service.
FROM eclipse-temurin:21-jre
ARG SERVICE
RUN useradd --system --uid 10001 olf
COPY ${SERVICE}/target/${SERVICE}-*-exec.jar /app/service.jar
USER olf
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/service.jar"]
