package dev.olf.stats.statistics;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.olf.localstack.test.WithInfrastructure;
import dev.olf.messaging.inbox.Inbox;
import dev.olf.stats.projection.ProjectionDriver;
import dev.olf.stats.projection.Projections;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Projections from known event sequences, applied through the inbox as the listeners do,
 * including duplicates and different interleavings of the topics. The listeners are off:
 * this test decides exactly what arrives when.
 */
@SpringBootTest(properties = { "spring.kafka.listener.auto-startup=false", "olf.stats.saga-window=1000000d" })
@WithInfrastructure(database = "olf_projection")
class ProjectionIntegrationTest {

	@Autowired
	Inbox inbox;

	@Autowired
	Projections projections;

	ProjectionDriver input;

	@Autowired
	Statistics statistics;

	@Autowired
	JdbcClient jdbc;

	final UUID ada = UUID.randomUUID();

	final UUID bob = UUID.randomUUID();

	@BeforeEach
	void startFromNothing() {
		this.input = new ProjectionDriver(this.inbox, this.projections);
		this.jdbc.sql("truncate counter, minute_total, order_view, product_view, stock_hold, inbox").update();
	}

	SagaEvents day() {
		return new SagaEvents().customer(this.ada)
			.customer(this.bob)
			.product("MUG", "12.50", 10)
			.product("TEA", "3.00", 4)
			.confirmed(UUID.randomUUID(), this.ada, "MUG", 2, "12.50")
			.confirmed(UUID.randomUUID(), this.bob, "TEA", 3, "3.00")
			.rejected(UUID.randomUUID(), this.bob, "TEA", 5, "3.00")
			.cancelledAfterConfirmation(UUID.randomUUID(), this.ada, "MUG", 1, "12.50")
			.restock("TEA", 6, 7);
	}

	@Test
	void projectsADayOfEventsIntoExactFigures() {
		day().events().forEach((published) -> this.input.apply(published.id(), published.event(), published.time()));

		Summary summary = this.statistics.summary();

		assertThat(summary.customersRegistered()).isEqualTo(2);
		assertThat(summary.orders()).isEqualTo(new Summary.Orders(4, 3, 1, 1, 0));
		assertThat(summary.rejectedByReason())
			.containsExactlyInAnyOrderEntriesOf(Map.of("INSUFFICIENT_CREDIT", 1L, "OUT_OF_STOCK", 1L));
		// 25.00 + 9.00 confirmed; the cancelled 12.50 was confirmed, then given back.
		assertThat(summary.revenue()).isEqualByComparingTo("34.00");
		assertThat(summary.confirmationRate()).isEqualTo(0.75);
		assertThat(summary.sagaDuration().count()).isEqualTo(4);
		assertThat(summary.sagaDuration().p50()).isEqualTo(3000.0);
		assertThat(this.statistics.topProducts(10))
			.extracting(Statistics.ProductFigures::sku, Statistics.ProductFigures::unitsSold)
			.containsExactly(tuple("TEA", 3), tuple("MUG", 2));
		assertThat(this.statistics.stock())
			.extracting(Statistics.ProductFigures::sku, Statistics.ProductFigures::onHand,
					Statistics.ProductFigures::reserved)
			.containsExactlyInAnyOrder(tuple("MUG", 8, 0), tuple("TEA", 7, 0));
		assertThat(this.statistics.lowStock()).isEmpty();
	}

	@Test
	void countsEveryEventOnceHoweverOftenItIsDelivered() {
		List<SagaEvents.Published> events = day().events();
		events.forEach((published) -> this.input.apply(published.id(), published.event(), published.time()));
		Summary once = this.statistics.summary().projected();
		List<Statistics.ProductFigures> stockOnce = this.statistics.stock();

		List<Boolean> redelivered = new ArrayList<>();
		events.forEach(
				(published) -> redelivered.add(this.input.apply(published.id(), published.event(), published.time())));

		assertThat(redelivered).containsOnly(false);
		assertThat(this.statistics.summary().projected()).isEqualTo(once);
		assertThat(this.statistics.stock()).containsExactlyInAnyOrderElementsOf(stockOnce);
	}

	@Test
	void givesTheSameFiguresForEveryInterleavingOfTheTopics() {
		List<SagaEvents.Published> events = day().events();
		events.forEach((published) -> this.input.apply(published.id(), published.event(), published.time()));
		Summary expected = this.statistics.summary().projected();
		List<Statistics.ProductFigures> expectedStock = this.statistics.stock();
		Random random = new Random(7);

		for (int round = 0; round < 15; round++) {
			startFromNothing();
			interleave(events, random)
				.forEach((published) -> this.input.apply(published.id(), published.event(), published.time()));

			assertThat(this.statistics.summary().projected()).as("interleaving %d", round).isEqualTo(expected);
			assertThat(this.statistics.stock()).as("interleaving %d", round)
				.containsExactlyInAnyOrderElementsOf(expectedStock);
		}
	}

	@Test
	void keepsMinutesOfEventTimeForTheTimeSeries() {
		day().events().forEach((published) -> this.input.apply(published.id(), published.event(), published.time()));

		List<Statistics.Point> placed = this.statistics.timeSeries(Projections.ORDERS_PLACED, SagaEvents.START,
				SagaEvents.START.plus(Duration.ofMinutes(3)), Duration.ofMinutes(1));
		List<Statistics.Point> revenue = this.statistics.timeSeries(Projections.REVENUE, SagaEvents.START,
				SagaEvents.START.plus(Duration.ofMinutes(2)), Duration.ofMinutes(2));

		assertThat(placed).extracting(Statistics.Point::at)
			.containsExactly(SagaEvents.START, SagaEvents.START.plusSeconds(60), SagaEvents.START.plusSeconds(120));
		assertThat(placed.stream().map(Statistics.Point::value).reduce(BigDecimal.ZERO, BigDecimal::add))
			.isEqualByComparingTo("4");
		assertThat(revenue).singleElement()
			.extracting(Statistics.Point::value)
			.satisfies((value) -> assertThat(value).isEqualByComparingTo("34.00"));
	}

	/**
	 * A random merge of the events that keeps the order of each key on its topic, as
	 * Kafka guarantees and nothing more.
	 */
	private static List<SagaEvents.Published> interleave(List<SagaEvents.Published> events, Random random) {
		Map<String, List<SagaEvents.Published>> byKey = new LinkedHashMap<>();
		events.forEach((published) -> byKey.computeIfAbsent(published.partitionKey(), (key) -> new ArrayList<>())
			.add(published));
		Map<String, Integer> next = new HashMap<>();
		List<String> keys = new ArrayList<>(byKey.keySet());
		List<SagaEvents.Published> merged = new ArrayList<>();
		while (merged.size() < events.size()) {
			Collections.shuffle(keys, random);
			String key = keys.stream()
				.filter((candidate) -> next.getOrDefault(candidate, 0) < byKey.get(candidate).size())
				.findFirst()
				.orElseThrow();
			int index = next.merge(key, 1, Integer::sum) - 1;
			merged.add(byKey.get(key).get(index));
		}
		return merged;
	}

}
