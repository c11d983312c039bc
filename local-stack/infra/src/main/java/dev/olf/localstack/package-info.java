/**
 * Real Kafka (KRaft) and PostgreSQL started from Maven artifacts, for the launcher and
 * the tests alike.
 */
@NullMarked
package dev.olf.localstack;

import org.jspecify.annotations.NullMarked;
