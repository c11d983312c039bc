#!/usr/bin/env bash
# Runs a Kafka class with every jar of the distribution on the class path, as Kafka's own script does.
set -euo pipefail
base=/opt/kafka
log4j=${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$base/config/tools-log4j2.yaml}
# shellcheck disable=SC2086 # the *_OPTS variables are lists of JVM options, as in Kafka's scripts
exec java ${KAFKA_HEAP_OPTS:--Xmx256M} ${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true} \
	$log4j ${KAFKA_OPTS:-} -cp "$base/libs/*" "$@"
