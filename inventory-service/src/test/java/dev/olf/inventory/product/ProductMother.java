package dev.olf.inventory.product;

import java.math.BigDecimal;

/**
 * Products for tests of other packages, which cannot add one themselves.
 */
public final class ProductMother {

	private ProductMother() {
	}

	public static Product withStock(String sku, int onHand) {
		return Product.add(sku, "Product " + sku, new BigDecimal("9.99"), onHand);
	}

}
