package dev.olf.messaging.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayTopicsTest {

	@Test
	void namesTheReplayTopicOfAGroupBesideItsDeadLetterTopic() {
		assertThat(ReplayTopics.name("inventory.events", "order-service.catalogue", "replay"))
			.isEqualTo("inventory.events.order-service.catalogue.replay");
		assertThat(DeadLetterPublisher.topic("inventory.events", "order-service.catalogue", "dlt"))
			.isEqualTo("inventory.events.order-service.catalogue.dlt");
	}

	@Test
	void tellsTheTopicAReplayTopicStandsForOnlyForItsOwnGroup() {
		assertThat(ReplayTopics.consumed("inventory.events.order-service.catalogue.replay", "order-service.catalogue",
				"replay"))
			.isEqualTo("inventory.events");
		assertThat(ReplayTopics.consumed("inventory.events", "order-service.catalogue", "replay"))
			.isEqualTo("inventory.events");
		// Another group's replay topic is a topic like any other to this group.
		assertThat(ReplayTopics.isReplayTopic("inventory.events.order-service.replay", "order-service.catalogue",
				"replay"))
			.isFalse();
		assertThat(ReplayTopics.isReplayTopic("inventory.events.order-service.replay", "order-service", "replay"))
			.isTrue();
		assertThat(ReplayTopics.isReplayTopic(".order-service.replay", "order-service", "replay")).isFalse();
	}

}
