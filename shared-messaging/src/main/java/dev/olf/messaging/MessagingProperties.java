package dev.olf.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the messaging library, under {@code olf.messaging}.
 *
 * @param source the CloudEvents {@code ce_source} of events this service publishes;
 * defaults to {@code /} followed by {@code spring.application.name}
 * @param outbox the outbox and its relay
 * @param consumer consumer retries and dead letters
 * @param inbox how long the inbox remembers what it applied
 * @param deadLetters how dead letters are watched
 */
@ConfigurationProperties("olf.messaging")
public record MessagingProperties(@DefaultValue("") String source, @DefaultValue Outbox outbox,
		@DefaultValue Consumer consumer, @DefaultValue Inbox inbox, @DefaultValue DeadLetters deadLetters) {

	/**
	 * The CloudEvents source of this service.
	 * @param applicationName {@code spring.application.name}
	 * @return {@link #source()} if set, else {@code /} and the application's name
	 */
	public String sourceOf(String applicationName) {
		return this.source.isBlank() ? "/" + applicationName : this.source;
	}

	/**
	 * @param relayEnabled whether this instance runs a relay (several instances may)
	 * @param shards number of shards rows are hashed into by aggregate id; change it only
	 * while the outbox is empty, or events of one aggregate may be reordered
	 * @param batchSize rows published in one Kafka transaction
	 * @param pollInterval how often the relay looks for rows when no notification arrives
	 * @param openCircuitWait how long the relay stops trying after Kafka kept failing
	 */
	public record Outbox(@DefaultValue("true") boolean relayEnabled, @DefaultValue("8") int shards,
			@DefaultValue("500") int batchSize, @DefaultValue("1s") Duration pollInterval,
			@DefaultValue("5s") Duration openCircuitWait) {
	}

	/**
	 * @param initialBackoff first wait before a failed record is retried in place
	 * @param maxBackoff longest wait between retries; retries go on until the record
	 * succeeds, because skipping it would reorder its key
	 * @param deadLetterSuffix appended to {@code <topic>.<group>} to name the dead-letter
	 * topic of records that can never succeed
	 * @param jitter random spread of each wait, as a fraction of it (0.5: up to half
	 * earlier or later), so consumers that failed together do not all retry together
	 * @param stallThreshold how long a consumer may retry one record before health and
	 * the {@code consumer.stalled} meter call it stalled
	 * @param instanceId a name of this instance that stays the same across its restarts
	 * and that no other running instance has, e.g. {@code order-service-2} or a
	 * StatefulSet's pod name; its consumers then become static members of their groups
	 * ({@code group.instance.id} {@code <instance-id>.<listener id>-<n>}), so that an
	 * instance restarted after a crash takes its partitions back at once instead of after
	 * the session timeout. Empty (the default): dynamic members
	 * @param replaySuffix appended to {@code <topic>.<group>} to name the replay topic:
	 * the service writes its dead letters there to replay them, and the same group's
	 * listener reads it besides {@code <topic>}
	 */
	public record Consumer(@DefaultValue("200ms") Duration initialBackoff, @DefaultValue("10s") Duration maxBackoff,
			@DefaultValue("dlt") String deadLetterSuffix, @DefaultValue("0.5") double jitter,
			@DefaultValue("30s") Duration stallThreshold, @DefaultValue("") String instanceId,
			@DefaultValue("replay") String replaySuffix) {
	}

	/**
	 * @param retention how long an applied event id is remembered; longer than any
	 * redelivery window (a consumer that was down, a replayed dead letter), since a
	 * forgotten id is applied again if its event comes back
	 * @param cleanupInterval how often ids older than the retention are deleted
	 * @param cleanupBatchSize rows deleted per statement, so that no statement holds many
	 * locks or runs long
	 */
	public record Inbox(@DefaultValue("7d") Duration retention, @DefaultValue("5m") Duration cleanupInterval,
			@DefaultValue("1000") int cleanupBatchSize) {
	}

	/**
	 * @param refreshInterval how often the dead-letter counts of meters and health are
	 * read from Kafka
	 */
	public record DeadLetters(@DefaultValue("30s") Duration refreshInterval) {
	}

}
