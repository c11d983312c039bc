/**
 * Events published by the customer service, with the topic they travel on.
 */
@NullMarked
package dev.olf.events.customer;

import org.jspecify.annotations.NullMarked;
