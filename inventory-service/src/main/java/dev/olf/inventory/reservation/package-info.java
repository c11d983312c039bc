/**
 * Stock reservations for orders: the inventory side of the order saga, driven by
 * {@code order.events}.
 */
@NullMarked
package dev.olf.inventory.reservation;

import org.jspecify.annotations.NullMarked;
