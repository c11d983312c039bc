package dev.olf.localstack.launcher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import dev.olf.events.customer.CustomerEvent;
import dev.olf.events.inventory.InventoryEvent;
import dev.olf.events.order.OrderEvent;

/**
 * Who may do what on the local stack's broker: each service is a principal of its own
 * (its module name, authenticated with SCRAM-SHA-512) that may write only its own topic
 * and its own dead-letter and replay topics, read only what it consumes, in its own
 * consumer groups. The stack creates every topic; none appears on first write.
 * <p>
 * {@code docker-compose.yml}'s {@code kafka-init} and the Strimzi {@code KafkaUser}s in
 * {@code k8s/overlays/production} grant the same; change them together.
 */
final class KafkaAccess {

	/**
	 * As many as the broker's {@code num.partitions} used to give topics made on first
	 * use.
	 */
	static final int PARTITIONS = 3;

	/** shared-messaging's default {@code olf.messaging.consumer.dead-letter-suffix}. */
	private static final String DEAD_LETTER_SUFFIX = "dlt";

	/** shared-messaging's default {@code olf.messaging.consumer.replay-suffix}. */
	private static final String REPLAY_SUFFIX = "replay";

	private static final int SCRAM_ITERATIONS = 8192;

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Map<Service, Principal> PRINCIPALS = principals();

	private KafkaAccess() {
	}

	private static Map<Service, Principal> principals() {
		Map<Service, Principal> principals = new EnumMap<>(Service.class);
		principals.put(Service.CUSTOMER, new Principal(Service.CUSTOMER, List.of(CustomerEvent.TOPIC),
				List.of(new Subscription(OrderEvent.TOPIC, "customer-service")), List.of()));
		principals.put(Service.ORDER,
				new Principal(Service.ORDER, List.of(OrderEvent.TOPIC),
						List.of(new Subscription(CustomerEvent.TOPIC, "order-service"),
								new Subscription(InventoryEvent.TOPIC, "order-service"),
								new Subscription(InventoryEvent.TOPIC, "order-service.catalogue")),
						List.of()));
		principals.put(Service.INVENTORY, new Principal(Service.INVENTORY, List.of(InventoryEvent.TOPIC),
				List.of(new Subscription(OrderEvent.TOPIC, "inventory-service")), List.of()));
		// The statistics' rebuild deletes its group to read every topic from the start.
		principals.put(Service.STATS,
				new Principal(Service.STATS, List.of(),
						List.of(new Subscription(CustomerEvent.TOPIC, "olf-stats"),
								new Subscription(OrderEvent.TOPIC, "olf-stats"),
								new Subscription(InventoryEvent.TOPIC, "olf-stats")),
						List.of("olf-stats")));
		return principals;
	}

	/**
	 * @param service a service
	 * @return what its principal may do
	 */
	static Principal of(Service service) {
		return PRINCIPALS.get(service);
	}

	/**
	 * @return every topic the stack creates: the event topics and every dead-letter and
	 * replay topic
	 */
	static Set<String> topics() {
		Set<String> topics = new LinkedHashSet<>();
		PRINCIPALS.values().forEach((principal) -> topics.addAll(principal.writes()));
		PRINCIPALS.values()
			.forEach((principal) -> principal.consumes().forEach((consumed) -> topics.add(consumed.topic())));
		PRINCIPALS.values()
			.forEach((principal) -> principal.consumes().forEach((consumed) -> topics.add(consumed.deadLetterTopic())));
		PRINCIPALS.values()
			.forEach((principal) -> principal.consumes().forEach((consumed) -> topics.add(consumed.replayTopic())));
		return topics;
	}

	/**
	 * Creates the topics that are missing, sets each service's SCRAM password and grants
	 * its ACLs, and waits until the broker applies them. Safe to repeat on every start:
	 * what exists stays, a changed password replaces the old one.
	 * @param admin an admin client of a super user
	 * @param passwords each service's password
	 */
	static void grant(Admin admin, Map<Service, String> passwords) {
		try {
			createTopics(admin);
			List<UserScramCredentialUpsertion> users = new ArrayList<>();
			passwords.forEach((service, password) -> users.add(new UserScramCredentialUpsertion(service.module(),
					new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password)));
			admin.alterUserScramCredentials(List.copyOf(users)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			List<AclBinding> acls = PRINCIPALS.values()
				.stream()
				.flatMap((principal) -> principal.acls().stream())
				.toList();
			admin.createAcls(acls).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			awaitApplied(admin, acls, passwords.keySet());
		}
		catch (ExecutionException | java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("Could not set up Kafka's topics, users and ACLs: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while setting up Kafka's users and ACLs", ex);
		}
	}

	private static void createTopics(Admin admin) throws InterruptedException, ExecutionException {
		List<NewTopic> topics = topics().stream().map((name) -> new NewTopic(name, PARTITIONS, (short) 1)).toList();
		for (var created : admin.createTopics(topics).values().entrySet()) {
			try {
				created.getValue().get();
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof TopicExistsException)) {
					throw ex;
				}
			}
		}
	}

	/**
	 * The controller has the users and ACLs once the calls return; the broker, which
	 * authenticates and authorizes the services, applies them from the metadata log a
	 * moment later. A service that connected before would be refused.
	 */
	private static void awaitApplied(Admin admin, Collection<AclBinding> acls, Collection<Service> users)
			throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
		Set<String> names = new HashSet<>(users.stream().map(Service::module).toList());
		Instant deadline = Instant.now().plus(TIMEOUT);
		while (true) {
			Set<AclBinding> granted = new HashSet<>(
					admin.describeAcls(AclBindingFilter.ANY).values().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
			Set<String> known = new HashSet<>(
					admin.describeUserScramCredentials().users().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
			if (granted.containsAll(acls) && known.containsAll(names)) {
				return;
			}
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Kafka did not apply the services' users and ACLs within " + TIMEOUT);
			}
			TimeUnit.MILLISECONDS.sleep(100);
		}
	}

	/**
	 * A topic a service consumes, in one of its consumer groups.
	 *
	 * @param topic the topic
	 * @param group the consumer group
	 */
	record Subscription(String topic, String group) {

		/**
		 * @return where the service's listener in this group dead-letters records of this
		 * topic
		 */
		String deadLetterTopic() {
			return this.topic + "." + this.group + "." + DEAD_LETTER_SUFFIX;
		}

		/**
		 * @return where the service replays those dead letters, for its listener in this
		 * group to read besides the topic
		 */
		String replayTopic() {
			return this.topic + "." + this.group + "." + REPLAY_SUFFIX;
		}

	}

	/**
	 * What one service's principal may do.
	 *
	 * @param service the service; the principal is {@code User:<module>}
	 * @param writes the topics it publishes to through its outbox
	 * @param consumes what it consumes
	 * @param deletesGroups consumer groups it may delete (to read their topics again)
	 */
	record Principal(Service service, List<String> writes, List<Subscription> consumes, List<String> deletesGroups) {

		String name() {
			return this.service.module();
		}

		List<AclBinding> acls() {
			List<AclBinding> acls = new ArrayList<>();
			for (String topic : this.writes) {
				allow(acls, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE);
			}
			if (!this.writes.isEmpty()) {
				// The outbox relay's transactional ids:
				// "outbox-<application>-<instance>-".
				allow(acls, ResourceType.TRANSACTIONAL_ID, "outbox-" + name() + "-", PatternType.PREFIXED,
						AclOperation.WRITE, AclOperation.DESCRIBE);
			}
			for (Subscription consumed : this.consumes) {
				allow(acls, ResourceType.TOPIC, consumed.topic(), PatternType.LITERAL, AclOperation.READ,
						AclOperation.DESCRIBE);
				allow(acls, ResourceType.GROUP, consumed.group(), PatternType.LITERAL, AclOperation.READ,
						AclOperation.DESCRIBE);
				// Written by the dead-letter publisher, read by the dead-letter admin
				// API.
				allow(acls, ResourceType.TOPIC, consumed.deadLetterTopic(), PatternType.LITERAL, AclOperation.WRITE,
						AclOperation.READ, AclOperation.DESCRIBE);
				// Written by a replay, read by the listener; never another service's
				// topic, so replaying needs no write access to the original one.
				allow(acls, ResourceType.TOPIC, consumed.replayTopic(), PatternType.LITERAL, AclOperation.WRITE,
						AclOperation.READ, AclOperation.DESCRIBE);
			}
			for (String group : this.deletesGroups) {
				allow(acls, ResourceType.GROUP, group, PatternType.LITERAL, AclOperation.DELETE);
			}
			return acls.stream().distinct().toList();
		}

		private void allow(List<AclBinding> acls, ResourceType type, String name, PatternType pattern,
				AclOperation... operations) {
			for (AclOperation operation : operations) {
				acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
						new AccessControlEntry("User:" + name(), "*", operation, AclPermissionType.ALLOW)));
			}
		}

	}

}
