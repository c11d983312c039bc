package dev.olf.messaging.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.kafka.annotation.KafkaListenerAnnotationBeanPostProcessor;
import org.springframework.kafka.annotation.KafkaListenerConfigurer;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.config.AbstractKafkaListenerEndpoint;
import org.springframework.kafka.config.KafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpoint;
import org.springframework.kafka.config.KafkaListenerEndpointRegistrar;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.util.StringUtils;

/**
 * Makes every {@code @KafkaListener} read the replay topic of each topic it consumes,
 * {@code <topic>.<group>.<suffix>}, besides the topic itself: the same consumer, the same
 * handler, error handling and inbox. A service replays a dead letter by writing it there,
 * a topic of its own, because the original topic is another service's, which a broker
 * with ACLs does not let it write.
 *
 * <p>
 * It puts a factory in front of the application's default listener container factory
 * (Spring Boot's {@code kafkaListenerContainerFactory}) that adds the replay topics to
 * each endpoint before the container is made. A listener with a container factory of its
 * own, on a topic pattern or on assigned partitions reads no replay topic, and its dead
 * letters cannot be replayed.
 */
public final class ReplayTopics implements KafkaListenerConfigurer {

	private final BeanFactory beans;

	private final String suffix;

	/**
	 * @param beans where the default listener container factory is, looked up when the
	 * first container is made
	 * @param suffix the replay topics' suffix
	 */
	public ReplayTopics(BeanFactory beans, String suffix) {
		this.beans = beans;
		this.suffix = suffix;
	}

	/**
	 * The replay topic of one consumer group for one topic.
	 * @param topic the consumed topic
	 * @param group the consumer group
	 * @param suffix the configured suffix
	 * @return {@code <topic>.<group>.<suffix>}
	 */
	public static String name(String topic, String group, String suffix) {
		return topic + "." + group + "." + suffix;
	}

	/**
	 * The topic whose records a consumer group reads from a topic: the replayed one for a
	 * replay topic, the topic itself otherwise.
	 * @param topic a topic the group reads
	 * @param group the consumer group
	 * @param suffix the replay topics' suffix
	 * @return the topic the record belongs to
	 */
	public static String consumed(String topic, String group, String suffix) {
		String ending = "." + group + "." + suffix;
		return (topic.endsWith(ending) && topic.length() > ending.length())
				? topic.substring(0, topic.length() - ending.length()) : topic;
	}

	/**
	 * Whether a topic is a consumer group's replay topic.
	 * @param topic a topic the group reads
	 * @param group the consumer group
	 * @param suffix the replay topics' suffix
	 * @return {@code true} for {@code <some topic>.<group>.<suffix>}
	 */
	public static boolean isReplayTopic(String topic, String group, String suffix) {
		return !consumed(topic, group, suffix).equals(topic);
	}

	@Override
	public void configureKafkaListeners(KafkaListenerEndpointRegistrar registrar) {
		registrar.setContainerFactory(new WithReplayTopics());
	}

	/**
	 * The default factory, with replay topics added to each endpoint.
	 */
	private final class WithReplayTopics implements KafkaListenerContainerFactory<MessageListenerContainer> {

		private @Nullable KafkaListenerContainerFactory<?> delegate;

		@Override
		public MessageListenerContainer createListenerContainer(KafkaListenerEndpoint endpoint) {
			if (endpoint instanceof AbstractKafkaListenerEndpoint<?, ?> listener) {
				addReplayTopics(listener);
			}
			return delegate().createListenerContainer(endpoint);
		}

		private void addReplayTopics(AbstractKafkaListenerEndpoint<?, ?> endpoint) {
			TopicPartitionOffset[] assigned = endpoint.getTopicPartitionsToAssign();
			Collection<String> topics = endpoint.getTopics();
			String group = groupOf(endpoint);
			if ((assigned != null && assigned.length > 0) || topics.isEmpty() || group == null) {
				return;
			}
			List<String> withReplays = new ArrayList<>(topics);
			for (String topic : topics) {
				String replay = name(topic, group, ReplayTopics.this.suffix);
				if (!isReplayTopic(topic, group, ReplayTopics.this.suffix) && !withReplays.contains(replay)) {
					withReplays.add(replay);
				}
			}
			endpoint.setTopics(withReplays.toArray(String[]::new));
		}

		/**
		 * The endpoint's group (the annotation's {@code groupId}, or its {@code id}),
		 * else the consumer factory's {@code group.id}, as the container will have it.
		 */
		private @Nullable String groupOf(KafkaListenerEndpoint endpoint) {
			if (StringUtils.hasText(endpoint.getGroupId())) {
				return endpoint.getGroupId();
			}
			if (delegate() instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory
					&& factory.getConsumerFactory() != null) {
				Object group = factory.getConsumerFactory()
					.getConfigurationProperties()
					.get(ConsumerConfig.GROUP_ID_CONFIG);
				return (group != null && StringUtils.hasText(group.toString())) ? group.toString() : null;
			}
			return null;
		}

		private KafkaListenerContainerFactory<?> delegate() {
			if (this.delegate == null) {
				this.delegate = ReplayTopics.this.beans.getBean(
						KafkaListenerAnnotationBeanPostProcessor.DEFAULT_KAFKA_LISTENER_CONTAINER_FACTORY_BEAN_NAME,
						KafkaListenerContainerFactory.class);
			}
			return this.delegate;
		}

		@Override
		public MessageListenerContainer createContainer(TopicPartitionOffset... topicPartitions) {
			return delegate().createContainer(topicPartitions);
		}

		@Override
		public MessageListenerContainer createContainer(String... topics) {
			return delegate().createContainer(topics);
		}

		@Override
		public MessageListenerContainer createContainer(Pattern topicPattern) {
			return delegate().createContainer(topicPattern);
		}

	}

}
