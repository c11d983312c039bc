/**
 * The dashboard's security: a person logs in through the authorization server and this
 * service keeps the session (backend for frontend); the API takes bearer tokens as well.
 */
@NullMarked
package dev.olf.stats.dashboard;

import org.jspecify.annotations.NullMarked;
