package dev.olf.orders.catalogue;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * What the order service knows of a product: enough to price a line.
 */
@Entity
@Table(name = "catalogue_product")
public class CataloguedProduct {

	@Id
	private String sku;

	private String name;

	private BigDecimal price;

	protected CataloguedProduct() {
		// for JPA
	}

	CataloguedProduct(String sku, String name, BigDecimal price) {
		this.sku = sku;
		this.name = name;
		this.price = price;
	}

	public String sku() {
		return this.sku;
	}

	public String name() {
		return this.name;
	}

	public BigDecimal price() {
		return this.price;
	}

	void reprice(BigDecimal price) {
		this.price = price;
	}

}
