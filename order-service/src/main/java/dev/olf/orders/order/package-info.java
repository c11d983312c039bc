/**
 * Orders: placing, cancelling, and the order's side of the saga.
 */
@NullMarked
package dev.olf.orders.order;

import org.jspecify.annotations.NullMarked;
