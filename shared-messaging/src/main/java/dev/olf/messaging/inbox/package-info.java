/**
 * The inbox: consumers record the ids of events they applied in the same transaction as
 * their changes, so a redelivered event is applied once.
 */
@NullMarked
package dev.olf.messaging.inbox;

import org.jspecify.annotations.NullMarked;
