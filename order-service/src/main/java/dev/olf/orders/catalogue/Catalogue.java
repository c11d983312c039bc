package dev.olf.orders.catalogue;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.olf.events.inventory.PriceChanged;
import dev.olf.events.inventory.ProductAdded;

import org.springframework.stereotype.Component;

/**
 * The replica of the product catalogue. Events of one product arrive in order, so the
 * latest one applied is the current price.
 */
@Component
public class Catalogue {

	private final CataloguedProducts products;

	Catalogue(CataloguedProducts products) {
		this.products = products;
	}

	public void on(ProductAdded event) {
		this.products.save(new CataloguedProduct(event.sku(), event.name(), event.price()));
	}

	public void on(PriceChanged event) {
		this.products.findById(event.sku()).ifPresent((product) -> product.reprice(event.price()));
	}

	public Optional<CataloguedProduct> find(String sku) {
		return this.products.findById(sku);
	}

	/**
	 * The products with the given skus that the catalogue knows.
	 * @param skus the skus
	 * @return the known products by sku
	 */
	public Map<String, CataloguedProduct> findAll(Collection<String> skus) {
		return this.products.findAllById(skus)
			.stream()
			.collect(Collectors.toMap(CataloguedProduct::sku, Function.identity()));
	}

}
