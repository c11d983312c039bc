/**
 * Projections: every service's events, applied once each through the inbox, into the
 * statistics database.
 */
@NullMarked
package dev.olf.stats.projection;

import org.jspecify.annotations.NullMarked;
