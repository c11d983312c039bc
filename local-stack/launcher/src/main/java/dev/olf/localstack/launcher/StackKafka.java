package dev.olf.localstack.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The raw Kafka clients of the fault runs, all made from {@link #config(LocalStack)}:
 * what the broker asks of a client (credentials, say) is added there once.
 */
final class StackKafka {

	private StackKafka() {
	}

	/**
	 * @param stack the stack
	 * @return what every client of the stack's broker needs
	 */
	static Map<String, Object> config(LocalStack stack) {
		// The administrator: the fault runs read every topic and write unreadable records
		// to each, which no service's principal may.
		return new HashMap<>(stack.kafkaAdminProperties());
	}

	static Admin admin(LocalStack stack) {
		return Admin.create(config(stack));
	}

	/**
	 * A consumer without a group, for reading partitions it assigns itself; it sees only
	 * committed transactions, as the services' consumers do.
	 */
	static KafkaConsumer<byte[], byte[]> reader(LocalStack stack) {
		Map<String, Object> config = config(stack);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
		return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	static KafkaProducer<byte[], byte[]> producer(LocalStack stack) {
		Map<String, Object> config = config(stack);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
	}

	/**
	 * Reads every committed record of some topics, from the beginning to their ends as
	 * they are now.
	 * @param stack the stack
	 * @param topics the topics; those that do not exist are skipped
	 * @return the records
	 */
	static List<ConsumerRecord<byte[], byte[]>> readAll(LocalStack stack, Collection<String> topics) {
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> reader = reader(stack)) {
			List<TopicPartition> partitions = new ArrayList<>();
			Set<String> existing = reader.listTopics(Duration.ofSeconds(30)).keySet();
			topics.stream()
				.filter(existing::contains)
				.forEach((topic) -> reader.partitionsFor(topic, Duration.ofSeconds(30))
					.forEach((partition) -> partitions.add(new TopicPartition(topic, partition.partition()))));
			reader.assign(partitions);
			reader.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = reader.endOffsets(partitions, Duration.ofSeconds(30));
			while (partitions.stream().anyMatch((partition) -> reader.position(partition) < ends.get(partition))) {
				reader.poll(Duration.ofMillis(500)).forEach(records::add);
			}
		}
		return records;
	}

	/**
	 * @param stack the stack
	 * @return the consumer groups that committed offsets, by topic
	 */
	static Map<String, Set<String>> groupsByTopic(LocalStack stack) {
		Map<String, Set<String>> groups = new TreeMap<>();
		try (Admin admin = admin(stack)) {
			for (GroupListing group : admin.listGroups().all().get(30, TimeUnit.SECONDS)) {
				admin.listConsumerGroupOffsets(group.groupId())
					.partitionsToOffsetAndMetadata()
					.get(30, TimeUnit.SECONDS)
					.keySet()
					.forEach((partition) -> groups.computeIfAbsent(partition.topic(), (topic) -> new TreeSet<>())
						.add(group.groupId()));
			}
			return groups;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not list the consumer groups: " + ex.getMessage(), ex);
		}
	}

	/**
	 * @param stack the stack
	 * @return records not yet consumed, by group and partition, counting only committed
	 * transactions; empty when every group has read everything
	 */
	static Map<String, Long> lag(LocalStack stack) {
		Map<String, Long> lag = new TreeMap<>();
		try (Admin admin = admin(stack)) {
			for (GroupListing group : admin.listGroups().all().get(30, TimeUnit.SECONDS)) {
				var committed = admin.listConsumerGroupOffsets(group.groupId())
					.partitionsToOffsetAndMetadata()
					.get(30, TimeUnit.SECONDS);
				Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
				committed.keySet().forEach((partition) -> latest.put(partition, OffsetSpec.latest()));
				var ends = admin
					.listOffsets(latest,
							new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
					.all()
					.get(30, TimeUnit.SECONDS);
				committed.forEach((partition, offset) -> {
					long behind = ends.get(partition).offset() - ((offset != null) ? offset.offset() : 0);
					if (behind > 0) {
						lag.put(group.groupId() + " " + partition, behind);
					}
				});
			}
			return lag;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not read the consumer lag: " + ex.getMessage(), ex);
		}
	}

	/**
	 * @param stack the stack
	 * @return the names of its topics
	 */
	static Set<String> topics(LocalStack stack) {
		try (Admin admin = admin(stack)) {
			return admin.listTopics().names().get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not list the topics: " + ex.getMessage(), ex);
		}
	}

}
