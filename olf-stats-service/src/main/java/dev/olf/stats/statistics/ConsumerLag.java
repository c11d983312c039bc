package dev.olf.stats.statistics;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.olf.events.customer.CustomerEvent;
import dev.olf.events.inventory.InventoryEvent;
import dev.olf.events.order.OrderEvent;
import dev.olf.stats.projection.ProjectionInput;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * How far the statistics' consumer group is behind the end of each topic: the records not
 * yet projected. Measured with the admin client, which sees committed offsets, so it also
 * shows the progress of a rebuild.
 */
@Component
class ConsumerLag implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ConsumerLag.class);

	private static final Set<String> TOPICS = Set.of(CustomerEvent.TOPIC, OrderEvent.TOPIC, InventoryEvent.TOPIC);

	private final Admin admin;

	private volatile Map<String, Long> perTopic = Map.of();

	ConsumerLag(KafkaAdmin kafkaAdmin) {
		this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
	}

	Map<String, Long> perTopic() {
		return this.perTopic;
	}

	void measure() {
		try {
			Map<TopicPartition, OffsetAndMetadata> committed = this.admin
				.listConsumerGroupOffsets(ProjectionInput.GROUP)
				.partitionsToOffsetAndMetadata()
				.get(5, TimeUnit.SECONDS);
			Set<TopicPartition> partitions = this.admin.describeTopics(TOPICS)
				.allTopicNames()
				.get(5, TimeUnit.SECONDS)
				.values()
				.stream()
				.flatMap((topic) -> topic.partitions()
					.stream()
					.map((partition) -> new TopicPartition(topic.name(), partition.partition())))
				.collect(Collectors.toSet());
			Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = this.admin
				.listOffsets(partitions.stream()
					.collect(Collectors.toMap((partition) -> partition, (partition) -> OffsetSpec.latest())))
				.all()
				.get(5, TimeUnit.SECONDS);
			Map<String, Long> lag = new TreeMap<>();
			ends.forEach((partition, end) -> {
				OffsetAndMetadata position = committed.get(partition);
				long behind = end.offset() - ((position != null) ? position.offset() : 0);
				lag.merge(partition.topic(), Math.max(0, behind), Long::sum);
			});
			this.perTopic = lag;
		}
		catch (Exception ex) {
			// Topics appear with the first event; until then there is nothing to lag
			// behind.
			logger.debug("Could not measure consumer lag", ex);
		}
	}

	@Override
	public void destroy() {
		this.admin.close();
	}

}
