package dev.olf.inventory;

import dev.olf.web.AccessRules;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
public class InventoryServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(InventoryServiceApplication.class, args);
	}

	/**
	 * Who may read and change the products, their prices and their stock.
	 * @return the scopes of this service's API
	 */
	@Bean
	AccessRules accessRules() {
		return AccessRules.builder()
			.read("/api/products/**", "catalogue:read")
			.write("/api/products/**", "catalogue:write");
	}

}
