package dev.olf.inventory.product;

import java.math.BigDecimal;
import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import dev.olf.domain.ConflictException;
import dev.olf.domain.NotFoundException;
import dev.olf.web.Locations;
import dev.olf.web.PageView;
import dev.olf.web.PlainText;
import dev.olf.web.SortBy;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/products")
class ProductController {

	private final Products products;

	ProductController(Products products) {
		this.products = products;
	}

	@PostMapping
	@Transactional
	ResponseEntity<ProductView> add(@Valid @RequestBody NewProduct request) {
		if (this.products.existsById(request.sku())) {
			throw alreadyExists(request.sku());
		}
		Product product;
		try {
			product = this.products
				.saveAndFlush(Product.add(request.sku(), request.name().strip(), request.price(), request.quantity()));
		}
		catch (DataIntegrityViolationException ex) {
			// Another request added the same sku since we looked.
			throw alreadyExists(request.sku());
		}
		URI location = Locations.of("/api/products/{sku}", product.sku());
		return ResponseEntity.created(location).body(ProductView.of(product));
	}

	@GetMapping("/{sku}")
	@Transactional(readOnly = true)
	ProductView product(@PathVariable String sku) {
		return this.products.findById(sku).map(ProductView::of).orElseThrow(() -> notFound(sku));
	}

	@GetMapping
	@Transactional(readOnly = true)
	PageView<ProductView> products(@PageableDefault(size = 20, sort = "sku") @SortBy(value = { "sku", "name" },
			then = "sku") Pageable pageable) {
		return PageView.of(this.products.findAll(pageable), ProductView::of);
	}

	@PostMapping("/{sku}/restock")
	@Transactional
	ProductView restock(@PathVariable String sku, @Valid @RequestBody Restock request) {
		Product product = this.products.findLockedBySku(sku).orElseThrow(() -> notFound(sku));
		product.restock(request.quantity());
		return ProductView.of(this.products.save(product));
	}

	@PutMapping("/{sku}/price")
	@Transactional
	ProductView changePrice(@PathVariable String sku, @Valid @RequestBody NewPrice request) {
		Product product = this.products.findLockedBySku(sku).orElseThrow(() -> notFound(sku));
		product.changePrice(request.price());
		return ProductView.of(this.products.save(product));
	}

	private static NotFoundException notFound(String sku) {
		return new NotFoundException("No product with sku " + sku);
	}

	private static ConflictException alreadyExists(String sku) {
		return new ConflictException("A product with sku " + sku + " already exists");
	}

	record NewProduct(
			@NotBlank @Size(max = 64) @PlainText @Pattern(regexp = "[A-Za-z0-9._-]+",
					message = "may only have letters, digits, dots, underscores and hyphens") String sku,
			@NotBlank @Size(max = 200) @PlainText String name,
			@NotNull @PositiveOrZero @Digits(integer = 15, fraction = 2) BigDecimal price,
			@NotNull @PositiveOrZero Integer quantity) {
	}

	record Restock(@NotNull @Min(1) Integer quantity) {
	}

	record NewPrice(@NotNull @PositiveOrZero @Digits(integer = 15, fraction = 2) BigDecimal price) {
	}

	record ProductView(String sku, String name, BigDecimal price, int onHand, int reserved, int available,
			int committed) {

		static ProductView of(Product product) {
			return new ProductView(product.sku(), product.name(), product.price(), product.onHand(), product.reserved(),
					product.available(), product.committed());
		}

	}

}
