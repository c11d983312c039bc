/**
 * The one-command local stack: real Kafka and PostgreSQL, then each service as its own
 * JVM process, with prefixed logs and a clean stop on Ctrl-C.
 */
@NullMarked
package dev.olf.localstack.launcher;

import org.jspecify.annotations.NullMarked;
