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

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/api/customers")
class CustomerController {

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
			throw new ErrorResponseException(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
					"A customer with email " + registration.email() + " is already registered"), null);
		}
		Customer customer = this.customers.save(Customer.register(registration.name().strip(),
				registration.email().strip(), registration.creditLimit(), this.clock.instant()));
		URI location = ServletUriComponentsBuilder.fromCurrentRequest()
			.path("/{id}")
			.buildAndExpand(customer.id())
			.toUri();
		return ResponseEntity.created(location).body(CustomerView.of(customer));
	}

	@GetMapping("/{id}")
	@Transactional(readOnly = true)
	CustomerView customer(@PathVariable UUID id) {
		return this.customers.findById(id)
			.map(CustomerView::of)
			.orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
					ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No customer with id " + id), null));
	}

	record Registration(@NotBlank @Size(max = 200) String name, @NotBlank @Email @Size(max = 320) String email,
			@NotNull @PositiveOrZero @Digits(integer = 15, fraction = 2) BigDecimal creditLimit) {
	}

	record CustomerView(UUID id, String name, String email, BigDecimal creditLimit, BigDecimal availableCredit,
			BigDecimal reservedCredit, BigDecimal usedCredit) {

		static CustomerView of(Customer customer) {
			return new CustomerView(customer.id(), customer.name(), customer.email(), customer.creditLimit(),
					customer.availableCredit(), customer.reservedCredit(), customer.usedCredit());
		}

	}

}
