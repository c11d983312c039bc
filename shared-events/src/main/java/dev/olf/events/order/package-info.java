/**
 * Events published by the order service, with the topic they travel on.
 */
@NullMarked
package dev.olf.events.order;

import org.jspecify.annotations.NullMarked;
