package dev.olf.orders;

import dev.olf.web.AccessRules;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class OrderServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderServiceApplication.class, args);
	}

	/**
	 * Who may read orders (and the catalogue they are priced from), and place and cancel
	 * them.
	 * @return the scopes of this service's API
	 */
	@Bean
	AccessRules accessRules() {
		return AccessRules.builder()
			.read("/api/orders/**", "orders:read")
			.read("/api/catalogue/**", "orders:read")
			.write("/api/orders/**", "orders:write");
	}

}
