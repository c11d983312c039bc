package dev.olf.stats.projection;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the projections from scratch: stops the listeners, wipes the projections and
 * the inbox of this consumer, forgets the group's offsets, and starts the listeners
 * again, which then replay every topic from the beginning. Topics keep their events
 * (retention is unlimited in the local stack and the manifests) for exactly this.
 */
@Component
public class ProjectionRebuild {

	private static final Logger logger = LoggerFactory.getLogger(ProjectionRebuild.class);

	private static final List<String> LISTENERS = List.of(ProjectionInput.CUSTOMER_EVENTS, ProjectionInput.ORDER_EVENTS,
			ProjectionInput.INVENTORY_EVENTS);

	private final KafkaListenerEndpointRegistry listeners;

	private final KafkaAdmin kafkaAdmin;

	private final Projections projections;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final AtomicBoolean running = new AtomicBoolean();

	ProjectionRebuild(KafkaListenerEndpointRegistry listeners, KafkaAdmin kafkaAdmin, Projections projections,
			JdbcClient jdbc, TransactionTemplate transaction) {
		this.listeners = listeners;
		this.kafkaAdmin = kafkaAdmin;
		this.projections = projections;
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	/**
	 * Starts the replay; it then runs as fast as the listeners consume, and the consumer
	 * lag shows its progress.
	 * @return {@code false} if a rebuild is being prepared already
	 */
	public boolean rebuild() {
		if (!this.running.compareAndSet(false, true)) {
			return false;
		}
		try {
			List<MessageListenerContainer> containers = LISTENERS.stream()
				.map(this.listeners::getListenerContainer)
				.toList();
			stop(containers);
			this.transaction.executeWithoutResult((status) -> {
				this.projections.clear();
				this.jdbc.sql("delete from inbox where consumer = :group")
					.param("group", ProjectionInput.GROUP)
					.update();
			});
			forgetOffsets();
			containers.forEach(MessageListenerContainer::start);
			logger.info("Projections wiped; replaying every topic from the beginning");
			return true;
		}
		finally {
			this.running.set(false);
		}
	}

	private static void stop(List<MessageListenerContainer> containers) {
		CountDownLatch stopped = new CountDownLatch(containers.size());
		containers.forEach((container) -> container.stop(stopped::countDown));
		try {
			if (!stopped.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Listeners did not stop within 60 s; nothing was wiped");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while stopping the listeners", ex);
		}
	}

	/**
	 * Deletes the consumer group; the listeners then start from the earliest offsets, as
	 * configured for every consumer. The group is empty once its listeners stopped, but
	 * the broker may take a moment to notice.
	 */
	private void forgetOffsets() {
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (true) {
				try {
					admin.deleteConsumerGroups(List.of(ProjectionInput.GROUP)).all().get(10, TimeUnit.SECONDS);
					return;
				}
				catch (Exception ex) {
					if (ex.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
						return;
					}
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("Could not reset the offsets of " + ProjectionInput.GROUP, ex);
					}
					awaitRetry();
				}
			}
		}
	}

	private static void awaitRetry() {
		try {
			TimeUnit.MILLISECONDS.sleep(250);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
