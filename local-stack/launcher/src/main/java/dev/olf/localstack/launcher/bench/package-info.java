/**
 * The saga benchmark behind {@code ./run-local --bench}: open-loop load at fixed rates,
 * the servers' own limits as references, a report, and the design's invariants checked on
 * the data it created.
 */
@NullMarked
package dev.olf.localstack.launcher.bench;

import org.jspecify.annotations.NullMarked;
