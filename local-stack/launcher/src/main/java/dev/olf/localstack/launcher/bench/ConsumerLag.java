package dev.olf.localstack.launcher.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * How far each consumer group is behind: its committed offsets against the end of each
 * partition, from the Admin client. With transactional producers the end offsets count
 * the transaction markers too, so a group that has consumed everything may show a lag of
 * a few records until it commits past the last marker.
 */
final class ConsumerLag implements AutoCloseable {

	static final List<String> EVENT_TOPICS = List.of("customer.events", "order.events", "inventory.events");

	private static final long TIMEOUT_SECONDS = 10;

	private final KafkaClients clients;

	private final Admin admin;

	ConsumerLag(KafkaClients clients) {
		this.clients = clients;
		this.admin = clients.admin();
	}

	/**
	 * @return records not yet consumed by each consumer group, over the partitions it has
	 * committed offsets for
	 */
	Map<String, Long> byGroup() {
		Set<String> groups = new HashSet<>();
		for (GroupListing group : get(this.admin.listGroups(ListGroupsOptions.forConsumerGroups()).all())) {
			// A group without members (a reader that came and went) falls behind for
			// ever;
			// it is not part of the system.
			boolean consuming = group.groupState()
				.map((state) -> state != GroupState.EMPTY && state != GroupState.DEAD)
				.orElse(true);
			if (consuming) {
				groups.add(group.groupId());
			}
		}
		Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
		Set<TopicPartition> partitions = new HashSet<>();
		for (String group : groups) {
			Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
			get(this.admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata())
				.forEach((partition, offset) -> {
					if (offset != null) {
						offsets.put(partition, offset);
					}
				});
			committed.put(group, offsets);
			partitions.addAll(offsets.keySet());
		}
		Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
		Map<String, Long> lag = new HashMap<>();
		committed.forEach((group, offsets) -> lag.put(group,
				offsets.entrySet()
					.stream()
					.mapToLong(
							(entry) -> Math.max(0, ends.getOrDefault(entry.getKey(), 0L) - entry.getValue().offset()))
					.sum()));
		return lag;
	}

	/**
	 * @param group a consumer group
	 * @return records of the three event topics it has not consumed, counting every
	 * partition it has no committed offset for from the beginning
	 */
	long ofGroupOverEventTopics(String group) {
		Set<TopicPartition> partitions = eventPartitions();
		Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
		Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
		Map<TopicPartition, OffsetAndMetadata> committed = get(
				this.admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
		long lag = 0;
		for (TopicPartition partition : partitions) {
			OffsetAndMetadata offset = committed.get(partition);
			long position = (offset != null) ? offset.offset() : starts.get(partition);
			lag += Math.max(0, ends.get(partition) - position);
		}
		return lag;
	}

	/**
	 * Counts the committed records on the three event topics by reading them from the
	 * beginning to the end they have now; transaction markers and aborted records are not
	 * counted.
	 * @return how many events there are
	 */
	long countEvents() {
		Set<TopicPartition> partitions = eventPartitions();
		Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
		long count = 0;
		try (KafkaConsumer<byte[], byte[]> consumer = this.clients.consumer()) {
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < ends.get(partition))) {
				count += consumer.poll(Duration.ofMillis(500)).count();
			}
		}
		return count;
	}

	private Set<TopicPartition> eventPartitions() {
		Set<TopicPartition> partitions = new HashSet<>();
		get(this.admin.describeTopics(EVENT_TOPICS).allTopicNames())
			.forEach((topic, description) -> description.partitions()
				.forEach((partition) -> partitions.add(new TopicPartition(topic, partition.partition()))));
		return partitions;
	}

	private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec) {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		partitions.forEach((partition) -> request.put(partition, spec));
		Map<TopicPartition, Long> offsets = new HashMap<>();
		if (request.isEmpty()) {
			return offsets;
		}
		Map<TopicPartition, ListOffsetsResultInfo> result = get(this.admin.listOffsets(request).all());
		result.forEach((partition, info) -> offsets.put(partition, info.offset()));
		return offsets;
	}

	private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
		try {
			return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Kafka's Admin client failed: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		this.admin.close(Duration.ofSeconds(5));
	}

}
