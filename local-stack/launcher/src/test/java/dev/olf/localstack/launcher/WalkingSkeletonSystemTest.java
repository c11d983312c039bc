package dev.olf.localstack.launcher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WalkingSkeletonSystemTest {

	@Test
	void everyServiceIsLiveAndReadyAndExposesPrometheusMetrics() {
		for (Service service : Service.apis()) {
			assertThat(SystemStack.get(service, "/actuator/health/liveness").status()).as(service.module())
				.isEqualTo(200);
			assertThat(SystemStack.get(service, "/actuator/health/readiness").status()).as(service.module())
				.isEqualTo(200);
			assertThat(SystemStack.get(service, "/actuator/health").body().path("components").has("outbox"))
				.as("%s reports its outbox relay", service.module())
				.isTrue();
			assertThat(SystemStack.get(service, "/actuator/prometheus").text()).as(service.module())
				.contains("outbox_backlog_events");
		}
	}

	@Test
	void theServicesDatabaseKeepsEveryCommitThroughACrash() throws SQLException {
		try (Connection connection = DriverManager.getConnection(SystemStack.shared().jdbcUrl(Service.ORDER),
				Service.ORDER.database(), SystemStack.shared().databasePassword(Service.ORDER));
				Statement statement = connection.createStatement()) {
			for (String setting : new String[] { "fsync", "synchronous_commit", "full_page_writes" }) {
				try (ResultSet result = statement.executeQuery("show " + setting)) {
					assertThat(result.next()).isTrue();
					assertThat(result.getString(1)).as(setting).isEqualTo("on");
				}
			}
		}
	}

	@Test
	void aRegisteredCustomerIsCountedByTheStatistics() {
		SystemStack.Response created = SystemStack.post(Service.CUSTOMER, "/api/customers", """
				{"name": "Ada Lovelace", "email": "ada-%s@example.com", "creditLimit": "500.00"}
				""".formatted(UUID.randomUUID()));

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.location()).contains("/api/customers/" + created.body().path("id").asString());
		assertThat(created.body().path("availableCredit").decimalValue()).isEqualByComparingTo("500.00");
		// Other tests register customers on the same stack, and the statistics may still
		// be
		// catching up with theirs: they must come to count exactly what the customer
		// service holds, this one included.
		long registered = SystemStack.get(Service.CUSTOMER, "/api/customers?size=1")
			.body()
			.path("page")
			.path("totalElements")
			.asLong();
		assertThat(registered).isPositive();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> SystemStack.get(Service.STATS, "/api/stats/summary")
				.body()
				.path("customersRegistered")
				.asLong(), (count) -> count == registered);
	}

}
