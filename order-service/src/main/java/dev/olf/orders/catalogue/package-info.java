/**
 * The order service's own replica of the product catalogue, built from inventory events,
 * so that it can price order lines without calling another service.
 */
@NullMarked
package dev.olf.orders.catalogue;

import org.jspecify.annotations.NullMarked;
