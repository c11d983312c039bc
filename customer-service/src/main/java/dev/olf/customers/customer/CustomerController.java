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

import dev.olf.customers.customer.Customer.CreditLimitTooLow;
import dev.olf.web.DomainRuleViolation;
import dev.olf.web.PageView;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/api/customers")
class CustomerController {

	static final int MAX_PAGE_SIZE = 100;

	private final Customers customers;

	private final Clock clock;

	CustomerController(Customers customers) {
		this.customers = customers;
		this.clock = Clock.systemUTC();
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
		URI location = ServletUriComponentsBuilder.fromCurrentRequest()
			.path("/{id}")
			.buildAndExpand(customer.id())
			.toUri();
		return ResponseEntity.created(location).body(CustomerView.of(customer));
	}

	@GetMapping
	@Transactional(readOnly = true)
	PageView<CustomerView> customers(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, @RequestParam(defaultValue = "registeredAt") String sort) {
		if (page < 0) {
			throw badRequest("page must be 0 or more, was " + page);
		}
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw badRequest("size must be between 1 and " + MAX_PAGE_SIZE + ", was " + size);
		}
		return PageView.of(this.customers.findAll(PageRequest.of(page, size, order(sort))), CustomerView::of);
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
		try {
			customer.changeCreditLimit(change.creditLimit());
		}
		catch (CreditLimitTooLow ex) {
			throw DomainRuleViolation.conflict(ex.getMessage());
		}
		return CustomerView.of(this.customers.save(customer));
	}

	private static Sort order(String sort) {
		// Ties broken by id, so that pages neither repeat nor skip a customer.
		return switch (sort) {
			case "registeredAt" -> Sort.by("registeredAt", "id");
			case "name" -> Sort.by("name", "registeredAt", "id");
			default -> throw badRequest("sort must be registeredAt or name, was '" + sort + "'");
		};
	}

	private static DomainRuleViolation unknown(UUID id) {
		return DomainRuleViolation.notFound("No customer with id " + id);
	}

	private static DomainRuleViolation emailTaken(String email) {
		return DomainRuleViolation.conflict("A customer with email " + email + " is already registered");
	}

	private static DomainRuleViolation badRequest(String detail) {
		return new DomainRuleViolation(HttpStatus.BAD_REQUEST, detail);
	}

	record Registration(@NotBlank @Size(max = 200) String name, @NotBlank @Email @Size(max = 320) String email,
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
