package dev.olf.customers;

import dev.olf.web.AccessRules;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
public class CustomerServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(CustomerServiceApplication.class, args);
	}

	/**
	 * Who may read and change customers and their credit.
	 * @return the scopes of this service's API
	 */
	@Bean
	AccessRules accessRules() {
		return AccessRules.builder()
			.read("/api/customers/**", "customers:read")
			.write("/api/customers/**", "customers:write");
	}

}
