/**
 * OLF, the statistics service: projections of every service's events for real-time
 * applications.
 */
@NullMarked
package dev.olf.stats;

import org.jspecify.annotations.NullMarked;
