package dev.olf.orders.catalogue;

import java.math.BigDecimal;

import dev.olf.domain.NotFoundException;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows what the replica knows, e.g. to see whether a new product has arrived yet.
 */
@RestController
class CatalogueController {

	private final Catalogue catalogue;

	CatalogueController(Catalogue catalogue) {
		this.catalogue = catalogue;
	}

	@GetMapping("/api/catalogue/{sku}")
	@Transactional(readOnly = true)
	ProductView product(@PathVariable String sku) {
		return this.catalogue.find(sku)
			.map((product) -> new ProductView(product.sku(), product.name(), product.price()))
			.orElseThrow(() -> new NotFoundException("The order service does not know product " + sku));
	}

	record ProductView(String sku, String name, BigDecimal price) {
	}

}
