package dev.olf.events;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.olf.events.customer.CreditLimitChanged;
import dev.olf.events.customer.CustomerRegistered;
import dev.olf.events.order.OrderConfirmed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventJsonTest {

	static Iterable<DomainEvent> events() {
		return SampleEvents.oneOfEach();
	}

	@ParameterizedTest
	@MethodSource("events")
	void everyEventRoundTripsThroughJson(DomainEvent event) {
		byte[] json = EventJson.write(event);

		assertThat(EventJson.read(json, EventType.of(event).name())).isEqualTo(event);
	}

	@Test
	void writesAmountsAsStringsWithTwoDecimalPlaces() {
		String json = EventJson.writeString(new CreditLimitChanged(UUID.randomUUID(), new BigDecimal("750.5")));

		assertThat(json).contains("\"creditLimit\":\"750.50\"");
	}

	@Test
	void readsAmountsWrittenAsNumbersWithoutLosingPrecision() {
		UUID order = UUID.randomUUID();
		UUID customer = UUID.randomUUID();
		String json = """
				{"orderId":"%s","customerId":"%s","total":0.30}""".formatted(order, customer);

		OrderConfirmed event = EventJson.read(json.getBytes(StandardCharsets.UTF_8), OrderConfirmed.class);

		assertThat(event.total()).isEqualTo(new BigDecimal("0.30"));
	}

	@Test
	void ignoresPropertiesItDoesNotKnowSoProducersCanAddFields() {
		UUID customer = UUID.randomUUID();
		String json = """
				{"customerId":"%s","name":"Ada","email":"ada@example.com","creditLimit":"10.00","tier":"gold"}"""
			.formatted(customer);

		assertThat(EventJson.read(json.getBytes(StandardCharsets.UTF_8), "customer.registered.v1"))
			.isEqualTo(new CustomerRegistered(customer, "Ada", "ada@example.com", new BigDecimal("10")));
	}

	@Test
	void rejectsAPayloadThatBreaksTheEventsRules() {
		String json = """
				{"customerId":"%s","creditLimit":"10.001"}""".formatted(UUID.randomUUID());

		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> EventJson.read(json.getBytes(StandardCharsets.UTF_8), "customer.credit-limit-changed.v1"))
			.withMessageContaining("at most two decimal places");
	}

	@Test
	void rejectsAPayloadWithARequiredFieldMissing() {
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> EventJson.read("{\"sku\":\"MUG-001\"}".getBytes(StandardCharsets.UTF_8),
					"inventory.price-changed.v1"))
			.withMessageContaining("price");
	}

	@Test
	void rejectsSomethingThatIsNotJson() {
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> EventJson.read("not json".getBytes(StandardCharsets.UTF_8), "order.confirmed.v1"));
	}

	@Test
	void refusesAnUnknownEventType() {
		assertThatExceptionOfType(UnknownEventTypeException.class)
			.isThrownBy(() -> EventJson.read("{}".getBytes(StandardCharsets.UTF_8), "order.teleported.v1"))
			.withMessageContaining("order.teleported.v1");
	}

}
