package dev.olf.customers.customer;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
@RequestMapping("/api/customers")
class CustomerController {

	private final Customers customers;

	private final Clock clock;

	CustomerController(Customers customers, Clock clock) {
		this.customers = customers;
		this.clock = clock;
	}

	@PostMapping
	@Transactional
	ResponseEntity<CustomerView> register(@Valid @RequestBody Registration registration) {
		if (this.customers.existsByEmailIgnoreCase(registration.email())) {
			throw emailTaken(registration.email());
		}
		Customer customer;
		try {
			customer = this.customers.saveAndFlush(Customer.register(registration.name().strip(),
					registration.email().strip(), registration.creditLimit(), this.clock.instant()));
		}
		catch (DataIntegrityViolationException ex) {
			// Another request registered the email between the check and the insert.
			throw emailTaken(registration.email());
		}
		URI location = Locations.of("/api/customers/{id}", customer.id());
		return ResponseEntity.created(location).body(CustomerView.of(customer));
	}

	@GetMapping
	@Transactional(readOnly = true)
	PageView<CustomerView> customers(@PageableDefault(size = 20, sort = "registeredAt") @SortBy(
			value = { "registeredAt", "name" }, then = { "registeredAt", "id" }) Pageable pageable) {
		return PageView.of(this.customers.findAll(pageable), CustomerView::of);
	}

	@GetMapping("/{id}")
	@Transactional(readOnly = true)
	CustomerView customer(@PathVariable UUID id) {
		return this.customers.findById(id).map(CustomerView::of).orElseThrow(() -> unknown(id));
	}

	@PutMapping("/{id}/credit-limit")
	@Transactional
	CustomerView changeCreditLimit(@PathVariable UUID id, @Valid @RequestBody CreditLimitChange change) {
		Customer customer = this.customers.findForUpdate(id).orElseThrow(() -> unknown(id));
		customer.changeCreditLimit(change.creditLimit());
		return CustomerView.of(this.customers.save(customer));
	}

	private static NotFoundException unknown(UUID id) {
		return new NotFoundException("No customer with id " + id);
	}

	private static ConflictException emailTaken(String email) {
		return new ConflictException("A customer with email " + email + " is already registered");
	}

	record Registration(@NotBlank @Size(max = 200) @PlainText String name,
			@NotBlank @Email @Size(max = 320) @PlainText String email,
			@NotNull @PositiveOrZero @Digits(integer = 15, fraction = 2) BigDecimal creditLimit) {
	}

	record CreditLimitChange(@NotNull @PositiveOrZero @Digits(integer = 15, fraction = 2) BigDecimal creditLimit) {
	}

	record CustomerView(UUID id, String name, String email, BigDecimal creditLimit, BigDecimal availableCredit,
			BigDecimal reservedCredit, BigDecimal usedCredit) {

		static CustomerView of(Customer customer) {
			return new CustomerView(customer.id(), customer.name(), customer.email(), customer.creditLimit(),
					customer.availableCredit(), customer.reservedCredit(), customer.usedCredit());
		}

	}

}
