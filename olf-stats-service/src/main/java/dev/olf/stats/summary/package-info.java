/**
 * The summary figures: counters projected from events, read by the REST API.
 */
@NullMarked
package dev.olf.stats.summary;

import org.jspecify.annotations.NullMarked;
