/**
 * Products and their stock: the catalogue's REST API and the stock movements the order
 * saga makes.
 */
@NullMarked
package dev.olf.inventory.product;

import org.jspecify.annotations.NullMarked;
