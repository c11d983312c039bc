/**
 * The figures: summary, time series, products, live rates and lag, over REST, SSE and
 * Micrometer.
 */
@NullMarked
package dev.olf.stats.statistics;

import org.jspecify.annotations.NullMarked;
