package dev.olf.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;

class MessagingAutoConfigurationTest {

	@Test
	void retriesATransientFailureWithoutLimitAndWithJitter() {
		MessagingProperties.Consumer consumer = new MessagingProperties.Consumer(Duration.ofMillis(200),
				Duration.ofSeconds(10), "dlt", 0.5, Duration.ofSeconds(30), "", "replay");
		BackOffExecution execution = MessagingAutoConfiguration.backOff(consumer).start();
		List<Long> waits = new ArrayList<>();
		for (int attempt = 0; attempt < 10_000; attempt++) {
			waits.add(execution.nextBackOff());
		}

		assertThat(waits).doesNotContain(BackOffExecution.STOP)
			.allSatisfy((wait) -> assertThat(wait).isBetween(0L, 10_000L));
		assertThat(waits.get(0)).isBetween(100L, 300L);
		// Without jitter every wait after the first few would be exactly the maximum.
		assertThat(waits.subList(100, 10_000).stream().distinct().count()).isGreaterThan(100);
	}

}
