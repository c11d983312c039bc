/**
 * Events published by the inventory service, with the topic they travel on.
 */
@NullMarked
package dev.olf.events.inventory;

import org.jspecify.annotations.NullMarked;
