package dev.olf.messaging.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Which consumers are retrying one record in place, and since when. Transient failures
 * are retried without limit to keep each key's order, so a partition can stop moving for
 * as long as a database is down or a bug lasts; this makes that visible: the
 * {@code consumer.stalled} gauge (seconds the record at the head of a partition has been
 * failing, 0 when it is not) and the {@code consumers} health component.
 *
 * <p>
 * The error handler reports each failed delivery ({@link RetryListener}); a success on
 * the partition ({@link #interceptor()}), the record's recovery to the dead-letter topic
 * or the partition's revocation ends the stall. A stall that receives no failure for
 * longer than {@code forgetAfter} is forgotten too, in case none of these was seen.
 */
public class ConsumerStalls implements RetryListener {

	private final Map<Key, Stall> stalls = new ConcurrentHashMap<>();

	private final Set<Key> metered = ConcurrentHashMap.newKeySet();

	private final MeterRegistry meters;

	private final Clock clock;

	private final Duration threshold;

	private final Duration forgetAfter;

	/**
	 * @param meters where {@code consumer.stalled} is registered
	 * @param clock the service's clock
	 * @param threshold how long one record may fail before it counts as a stall
	 * @param forgetAfter how long after its last failure a stall is forgotten; longer
	 * than the longest backoff plus a handler's longest failure
	 */
	public ConsumerStalls(MeterRegistry meters, Clock clock, Duration threshold, Duration forgetAfter) {
		this.meters = meters;
		this.clock = clock;
		this.threshold = threshold;
		this.forgetAfter = forgetAfter;
	}

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
		Key key = Key.of(record.topic(), record.partition());
		Instant now = this.clock.instant();
		String cause = DeadLetterReason.realCause(ex).toString();
		this.stalls.compute(key,
				(ignored, stall) -> (stall != null && stall.offset() == record.offset())
						? new Stall(key, stall.offset(), stall.since(), now, cause)
						: new Stall(key, record.offset(), now, now, cause));
		if (this.metered.add(key)) {
			Gauge.builder("consumer.stalled", this, (stalls) -> stalls.secondsFailing(key))
				.description("How long the record at the head of a partition has been failing and retried; 0 if none")
				.baseUnit("seconds")
				.tag("group", key.group())
				.tag("topic", key.topic())
				.tag("partition", String.valueOf(key.partition()))
				.register(this.meters);
		}
	}

	@Override
	public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
		succeeded(record.topic(), record.partition(), record.offset());
	}

	/**
	 * The record was handled, so the partition moves again.
	 * @param topic its topic
	 * @param partition its partition
	 * @param offset its offset
	 */
	void succeeded(String topic, int partition, long offset) {
		this.stalls.computeIfPresent(Key.of(topic, partition),
				(key, stall) -> (offset >= stall.offset()) ? null : stall);
	}

	void revoked(Collection<TopicPartition> partitions) {
		partitions.forEach((partition) -> this.stalls.remove(Key.of(partition.topic(), partition.partition())));
	}

	/**
	 * The stalls longer than the threshold, oldest first.
	 * @return the stalls
	 */
	public List<Stall> current() {
		Instant now = this.clock.instant();
		return this.stalls.values()
			.stream()
			.filter((stall) -> live(stall, now) && !stall.since().plus(this.threshold).isAfter(now))
			.sorted(Comparator.comparing(Stall::since))
			.toList();
	}

	double secondsFailing(Key key) {
		Stall stall = this.stalls.get(key);
		Instant now = this.clock.instant();
		if (stall == null || !live(stall, now)) {
			return 0;
		}
		return Duration.between(stall.since(), now).toMillis() / 1000.0;
	}

	private boolean live(Stall stall, Instant now) {
		return !stall.lastFailure().plus(this.forgetAfter).isBefore(now);
	}

	/**
	 * Tells this tracker of every record a listener handled, so a stall ends as soon as
	 * its record succeeds.
	 * @return an interceptor for the listener containers
	 */
	public RecordInterceptor<Object, Object> interceptor() {
		return new RecordInterceptor<>() {

			@Override
			public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
					Consumer<Object, Object> consumer) {
				return record;
			}

			@Override
			public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
				succeeded(record.topic(), record.partition(), record.offset());
			}

		};
	}

	/**
	 * Forgets the stalls of partitions this consumer no longer owns.
	 * @return a rebalance listener for the listener containers
	 */
	public ConsumerAwareRebalanceListener rebalanceListener() {
		return new ConsumerAwareRebalanceListener() {

			@Override
			public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
				revoked(partitions);
			}

			@Override
			public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
				revoked(partitions);
			}

		};
	}

	/**
	 * A consumer group's partition.
	 *
	 * @param group the consumer group
	 * @param topic the topic
	 * @param partition the partition
	 */
	public record Key(String group, String topic, int partition) {

		/** Called on a consumer thread, which knows its group. */
		static Key of(String topic, int partition) {
			return new Key(String.valueOf(KafkaUtils.getConsumerGroupId()), topic, partition);
		}

	}

	/**
	 * A record that keeps failing at the head of its partition.
	 *
	 * @param key where
	 * @param offset the record's offset
	 * @param since its first failure
	 * @param lastFailure its latest failure
	 * @param cause the latest failure's exception
	 */
	public record Stall(Key key, long offset, Instant since, Instant lastFailure, @Nullable String cause) {

		/**
		 * @return e.g.
		 * {@code consumer order-service stalled on customer.events-1@42 since
		 * 2026-11-24T10:00:00Z: ...}
		 */
		public String describe() {
			return "consumer " + this.key.group() + " stalled on " + this.key.topic() + "-" + this.key.partition() + "@"
					+ this.offset + " since " + this.since + ": " + this.cause;
		}

	}

}
