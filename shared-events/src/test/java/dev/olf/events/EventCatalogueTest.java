package dev.olf.events;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.olf.events.customer.CustomerEvent;
import dev.olf.events.inventory.InventoryEvent;
import dev.olf.events.order.OrderEvent;

import static org.assertj.core.api.Assertions.assertThat;

class EventCatalogueTest {

	@Test
	void catalogueListsEveryRecordOfEveryTopicOnThatTopic() {
		List<Class<?>> permitted = Stream.of(CustomerEvent.class, InventoryEvent.class, OrderEvent.class)
			.flatMap((topic) -> Arrays.stream(topic.getPermittedSubclasses()))
			.toList();

		assertThat(EventType.all().stream().<Class<?>>map(EventType::javaType).toList())
			.containsExactlyInAnyOrderElementsOf(permitted);
		assertThat(EventType.all())
			.allSatisfy((type) -> assertThat(type.javaType().getInterfaces()[0].getField("TOPIC").get(null))
				.isEqualTo(type.topic()));
	}

	@Test
	void typeNamesAreVersionedAndStartWithTheirTopicsService() {
		assertThat(EventType.all()).allSatisfy((type) -> {
			assertThat(type.name()).matches("[a-z]+\\.[a-z-]+\\.v[0-9]+");
			assertThat(type.topic()).startsWith(type.name().substring(0, type.name().indexOf('.')));
		});
	}

	@Test
	void samplesCoverTheWholeCatalogue() {
		assertThat(SampleEvents.oneOfEach()).extracting(EventType::of)
			.containsExactlyInAnyOrderElementsOf(EventType.all());
	}

}
