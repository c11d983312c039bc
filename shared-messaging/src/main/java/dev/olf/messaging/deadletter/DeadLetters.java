package dev.olf.messaging.deadletter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

import dev.olf.domain.ConflictException;
import dev.olf.messaging.kafka.DeadLetterPublisher;
import dev.olf.messaging.kafka.DeadLetterReason;
import dev.olf.messaging.kafka.ReplayTopics;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This service's dead letters: the records in the dead-letter topics of its listeners,
 * and their replay through the listeners' replay topics.
 *
 * <p>
 * A dead-letter topic is read with a short-lived consumer that has no group: it assigns
 * the partitions, reads them from the beginning up to the end offsets taken at the start,
 * and commits nothing, so it disturbs no consumer's offsets. Dead-letter topics are
 * small, so listing reads them whole.
 *
 * <p>
 * A replay sends the record's key, value and headers (without the {@code kafka_dlt-*}
 * ones and {@value DeadLetterReason#HEADER}, with {@value #REPLAYED_FROM_HEADER}) to the
 * replay topic of the topic and group it was dead-lettered for,
 * {@code <topic>.<group>.replay} ({@link ReplayTopics}), which the same group's listener
 * reads besides {@code <topic>}. Not to the original topic: that is another service's,
 * and a broker with ACLs lets only its owner write it, whereas the replay topic is this
 * service's own. The {@code ce_id} is unchanged, so a consumer that did apply it after
 * all skips it. What was replayed is kept in {@code dead_letter_replay}, claimed in the
 * same database transaction that waits for Kafka's acknowledgement: two instances cannot
 * both replay one dead letter, and a crash before the commit replays it again, which the
 * inbox absorbs. A replayed record that fails again is a new dead letter in the same
 * dead-letter topic, {@code <topic>.<group>.dlt}, naming the old one in
 * {@value #REPLAYED_FROM_HEADER}. A broker that does not let this service write its
 * replay topic (an ACL missing) refuses the replay, which then fails as a conflict and
 * stays pending; so does a replay whose replay topic does not exist, at once rather than
 * after the producer's wait for it.
 */
public class DeadLetters implements DisposableBean {

	/** Names the dead letter a replayed record was copied from. */
	public static final String REPLAYED_FROM_HEADER = "olf_replayed_from";

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

	private final KafkaListenerEndpointRegistry listeners;

	private final Map<String, Object> consumerConfigs;

	private final DefaultKafkaProducerFactory<byte[], byte[]> producers;

	private final KafkaTemplate<byte[], byte[]> template;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final String suffix;

	private final String replaySuffix;

	/**
	 * @param listeners the service's listener containers, whose groups and topics name
	 * the dead-letter topics
	 * @param consumerConfigs settings to read with (bootstrap servers, security)
	 * @param producers reliable producers of raw bytes for replays
	 * @param jdbc the service's database
	 * @param transaction its transactions
	 * @param suffix the dead-letter topics' suffix
	 * @param replaySuffix the replay topics' suffix
	 */
	public DeadLetters(KafkaListenerEndpointRegistry listeners, Map<String, Object> consumerConfigs,
			DefaultKafkaProducerFactory<byte[], byte[]> producers, JdbcClient jdbc, TransactionTemplate transaction,
			String suffix, String replaySuffix) {
		this.listeners = listeners;
		this.consumerConfigs = readerConfigs(consumerConfigs);
		this.producers = producers;
		this.template = new KafkaTemplate<>(producers);
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.suffix = suffix;
		this.replaySuffix = replaySuffix;
	}

	private static Map<String, Object> readerConfigs(Map<String, Object> configs) {
		Map<String, Object> reader = new HashMap<>(configs);
		reader.remove(ConsumerConfig.GROUP_ID_CONFIG);
		reader.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		reader.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		reader.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		reader.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		reader.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
		reader.put(ConsumerConfig.CLIENT_ID_CONFIG, "dead-letter-reader");
		return reader;
	}

	/**
	 * The dead-letter topics this service's listeners may write, whether they exist yet
	 * or not.
	 * @return dead-letter topic by name, with the topic and group it serves and the
	 * replay topic its dead letters are replayed through
	 */
	public Map<String, Source> topics() {
		Map<String, Source> topics = new LinkedHashMap<>();
		for (MessageListenerContainer container : this.listeners.getAllListenerContainers()) {
			String group = container.getGroupId();
			String[] consumed = container.getContainerProperties().getTopics();
			if (group == null || consumed == null) {
				continue;
			}
			for (String topic : consumed) {
				if (!ReplayTopics.isReplayTopic(topic, group, this.replaySuffix)) {
					topics.put(DeadLetterPublisher.topic(topic, group, this.suffix),
							new Source(topic, group, ReplayTopics.name(topic, group, this.replaySuffix)));
				}
			}
		}
		return topics;
	}

	/**
	 * Every dead letter not replayed yet, oldest first per partition.
	 * @return the pending dead letters
	 */
	public List<DeadLetter> pending() {
		List<DeadLetter> pending = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			for (String topic : existing(consumer, topics().keySet())) {
				Set<String> replayed = replayedIds(topic);
				for (ConsumerRecord<byte[], byte[]> record : readAll(consumer, topic)) {
					String id = DeadLetter.idOf(record);
					if (!replayed.contains(id)) {
						pending.add(new DeadLetter(id, record, false));
					}
				}
			}
		}
		return pending;
	}

	/**
	 * Pending dead letters per dead-letter topic, from offsets alone: records in the
	 * topic minus those replayed. Cheap enough for meters and health.
	 * @return counts by dead-letter topic, every topic of {@link #topics()} included
	 */
	public Map<String, Long> pendingCounts() {
		Map<String, Long> counts = new LinkedHashMap<>();
		topics().keySet().forEach((topic) -> counts.put(topic, 0L));
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			for (String topic : existing(consumer, counts.keySet())) {
				List<TopicPartition> partitions = partitions(consumer, topic);
				// A read_committed consumer asked for the end offsets of partitions it
				// was not assigned warns that it cannot track their last stable offset.
				consumer.assign(partitions);
				Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, READ_TIMEOUT);
				Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
				long pending = 0;
				for (TopicPartition partition : partitions) {
					long first = begin.get(partition);
					long last = end.get(partition);
					long replayed = this.jdbc.sql("""
							select count(*) from dead_letter_replay
							where dlt_topic = :topic and dlt_partition = :partition
							and dlt_offset >= :first and dlt_offset < :last
							""")
						.param("topic", topic)
						.param("partition", partition.partition())
						.param("first", first)
						.param("last", last)
						.query(Long.class)
						.single();
					pending += Math.max(0, last - first - replayed);
				}
				counts.put(topic, pending);
			}
		}
		return counts;
	}

	/**
	 * One dead letter, pending or replayed.
	 * @param id its id, {@code <dead-letter topic>-<partition>-<offset>}
	 * @return the dead letter, if the id names a record of one of this service's
	 * dead-letter topics
	 */
	public Optional<DeadLetter> find(String id) {
		int offsetDash = id.lastIndexOf('-');
		int partitionDash = (offsetDash > 0) ? id.lastIndexOf('-', offsetDash - 1) : -1;
		if (partitionDash <= 0) {
			return Optional.empty();
		}
		String topic = id.substring(0, partitionDash);
		int partition;
		long offset;
		try {
			partition = Integer.parseInt(id.substring(partitionDash + 1, offsetDash));
			offset = Long.parseLong(id.substring(offsetDash + 1));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
		if (!topics().containsKey(topic) || partition < 0 || offset < 0) {
			return Optional.empty();
		}
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			if (existing(consumer, Set.of(topic)).isEmpty()) {
				return Optional.empty();
			}
			TopicPartition tp = new TopicPartition(topic, partition);
			if (!partitions(consumer, topic).contains(tp)) {
				return Optional.empty();
			}
			consumer.assign(List.of(tp));
			long end = consumer.endOffsets(List.of(tp), READ_TIMEOUT).get(tp);
			if (offset >= end) {
				return Optional.empty();
			}
			consumer.seek(tp, offset);
			long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
			while (consumer.position(tp) <= offset) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.offset() == offset) {
						return Optional.of(new DeadLetter(id, record, replayedIds(topic).contains(id)));
					}
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Could not read " + id + " within " + READ_TIMEOUT);
				}
			}
			// Removed by retention or compaction, or a transaction marker.
			return Optional.empty();
		}
	}

	/**
	 * Hands a dead letter to its listener again through the replay topic, unless it was
	 * replayed already.
	 * @param deadLetter the dead letter, one of {@link #topics()}
	 * @return where the copy went, or empty if it had been replayed already
	 */
	public Optional<Replay> replay(DeadLetter deadLetter) {
		ConsumerRecord<byte[], byte[]> record = deadLetter.record();
		Source source = topics().get(record.topic());
		if (source == null) {
			throw new IllegalStateException(
					deadLetter.id() + " is not in a dead-letter topic of this service's listeners");
		}
		requireExisting(source.replayTopic());
		return Optional.ofNullable(this.transaction.execute((status) -> {
			int claimed = this.jdbc.sql("""
					insert into dead_letter_replay (dlt_topic, dlt_partition, dlt_offset)
					values (:topic, :partition, :offset) on conflict do nothing
					""")
				.param("topic", record.topic())
				.param("partition", record.partition())
				.param("offset", record.offset())
				.update();
			if (claimed == 0) {
				return null;
			}
			RecordMetadata sent = send(new ProducerRecord<>(source.replayTopic(), null, record.key(), record.value(),
					replayHeaders(deadLetter)));
			Replay replay = new Replay(deadLetter.id(), sent.topic(), sent.partition(), sent.offset());
			this.jdbc.sql("""
					update dead_letter_replay set replayed_to = :to
					where dlt_topic = :topic and dlt_partition = :partition and dlt_offset = :offset
					""")
				.param("to", replay.to())
				.param("topic", record.topic())
				.param("partition", record.partition())
				.param("offset", record.offset())
				.update();
			return replay;
		}));
	}

	/**
	 * Replays every pending dead letter, in the order of its dead-letter partition.
	 * @return the replays
	 */
	public List<Replay> replayAll() {
		List<Replay> replays = new ArrayList<>();
		for (DeadLetter deadLetter : pending()) {
			replay(deadLetter).ifPresent(replays::add);
		}
		return replays;
	}

	private RecordMetadata send(ProducerRecord<byte[], byte[]> record) {
		try {
			return this.template.send(record).get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getRecordMetadata();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while replaying to " + record.topic(), ex);
		}
		catch (ExecutionException ex) {
			if (refused(ex)) {
				// The replay topic is this service's own; a broker that refuses it lacks
				// the ACL the stack grants with it.
				throw new ConflictException("This service's Kafka principal may not write " + record.topic()
						+ ", its replay topic: grant it Write on the topic (README, Kafka security)");
			}
			throw new IllegalStateException("Kafka did not take the replay to " + record.topic(), ex);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Kafka did not take the replay to " + record.topic(), ex);
		}
	}

	/**
	 * Refuses a replay whose replay topic is missing (a broker set up by hand, without
	 * the topics the stack creates): a producer would wait for it as long as
	 * {@code max.block.ms} and fail without saying why.
	 */
	private void requireExisting(String replayTopic) {
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			if (existing(consumer, Set.of(replayTopic)).isEmpty()) {
				throw new ConflictException("Kafka has no topic " + replayTopic
						+ ", this service's replay topic: create it and grant this service's principal Write on it"
						+ " (README, Kafka security)");
			}
		}
	}

	private static boolean refused(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TopicAuthorizationException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The original headers: the CloudEvents ones and the trace context, without what the
	 * dead-letter publisher added.
	 */
	private static RecordHeaders replayHeaders(DeadLetter deadLetter) {
		RecordHeaders headers = new RecordHeaders();
		for (Header header : deadLetter.record().headers()) {
			if (!header.key().startsWith("kafka_dlt-") && !header.key().equals(DeadLetterReason.HEADER)
					&& !header.key().equals(REPLAYED_FROM_HEADER)) {
				headers.add(header);
			}
		}
		headers.add(REPLAYED_FROM_HEADER, deadLetter.id().getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return headers;
	}

	private Set<String> replayedIds(String topic) {
		Set<String> ids = new HashSet<>();
		this.jdbc.sql("select dlt_partition, dlt_offset from dead_letter_replay where dlt_topic = :topic")
			.param("topic", topic)
			.query((rs) -> {
				ids.add(topic + "-" + rs.getInt("dlt_partition") + "-" + rs.getLong("dlt_offset"));
			});
		return ids;
	}

	private KafkaConsumer<byte[], byte[]> consumer() {
		return new KafkaConsumer<>(this.consumerConfigs, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	private static List<String> existing(KafkaConsumer<?, ?> consumer, Set<String> topics) {
		Set<String> all = consumer.listTopics(READ_TIMEOUT).keySet();
		return topics.stream().filter(all::contains).toList();
	}

	private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
		List<PartitionInfo> infos = consumer.partitionsFor(topic, READ_TIMEOUT);
		return (infos != null) ? infos.stream().map((info) -> new TopicPartition(topic, info.partition())).toList()
				: List.of();
	}

	private static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaConsumer<byte[], byte[]> consumer, String topic) {
		List<TopicPartition> partitions = partitions(consumer, topic);
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		if (partitions.isEmpty()) {
			return records;
		}
		consumer.assign(partitions);
		consumer.seekToBeginning(partitions);
		Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
		long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
		while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
			for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
				if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
					records.add(record);
				}
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Could not read " + topic + " within " + READ_TIMEOUT);
			}
		}
		return records;
	}

	@Override
	public void destroy() {
		this.producers.destroy();
	}

	/**
	 * Where a dead-letter topic's records come from.
	 *
	 * @param topic the consumed topic
	 * @param group the consumer group that failed on them
	 * @param replayTopic where they are replayed, which the group reads besides the topic
	 */
	public record Source(String topic, String group, String replayTopic) {
	}

	/**
	 * A replayed dead letter.
	 *
	 * @param id the dead letter's id
	 * @param topic where the copy went
	 * @param partition its partition
	 * @param offset its offset
	 */
	public record Replay(String id, String topic, int partition, long offset) {

		String to() {
			return this.topic + "-" + this.partition + "@" + this.offset;
		}

	}

}
