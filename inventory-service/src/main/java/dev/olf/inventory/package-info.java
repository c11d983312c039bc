/**
 * The inventory service: products and their stock.
 */
@NullMarked
package dev.olf.inventory;

import org.jspecify.annotations.NullMarked;
