/**
 * The order service: orders and the state of their saga.
 */
@NullMarked
package dev.olf.orders;

import org.jspecify.annotations.NullMarked;
