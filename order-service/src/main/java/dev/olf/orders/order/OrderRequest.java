package dev.olf.orders.order;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.olf.web.PlainText;

/**
 * The body of {@code POST /api/orders}. Prices are not part of it: the order service
 * prices lines from its catalogue.
 */
record OrderRequest(@NotNull UUID customerId, @NotEmpty @Size(max = 100) List<@Valid @NotNull Line> lines) {

	record Line(@NotBlank @Size(max = 64) @PlainText String sku, @Min(1) @Max(10_000) int quantity) {
	}

}
