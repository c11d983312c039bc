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
 */
@ConfigurationProperties("olf.messaging")
public record MessagingProperties(@DefaultValue("") String source, @DefaultValue Outbox outbox,
		@DefaultValue Consumer consumer) {

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
	 */
	public record Consumer(@DefaultValue("200ms") Duration initialBackoff, @DefaultValue("10s") Duration maxBackoff,
			@DefaultValue("dlt") String deadLetterSuffix) {
	}

}
