package dev.olf.localstack.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import static org.awaitility.Awaitility.await;

/**
 * Does to the running stack what goes wrong in production, one fault at a time, and waits
 * until the system has recovered by the conditions that say so (readiness, the database
 * answering, orders accepted again), never for a fixed time.
 */
final class FaultInjector {

	/**
	 * How long recovery from one fault may take: a ceiling for a slow, shared machine,
	 * where a restarted service has been seen to need more than six minutes.
	 */
	private static final Duration RECOVERY = Duration.ofMinutes(10);

	static final List<String> TOPICS = List.of("customer.events", "order.events", "inventory.events");

	private final LocalStack stack;

	private final StackHttp http;

	private final StackDatabase database;

	private final OrderLedger ledger;

	private final Duration deadline;

	private final List<Poison> poison = new ArrayList<>();

	/**
	 * @param stack the stack to disturb
	 * @param http its APIs
	 * @param database its databases
	 * @param ledger what the clients were told, to see orders flow again
	 * @param deadline the order saga's deadline in this stack
	 */
	FaultInjector(LocalStack stack, StackHttp http, StackDatabase database, OrderLedger ledger, Duration deadline) {
		this.stack = stack;
		this.http = http;
		this.database = database;
		this.ledger = ledger;
		this.deadline = deadline;
	}

	/**
	 * Injects a fault and returns once the system has recovered from it and accepts
	 * orders again.
	 * @param fault the fault
	 */
	void inject(Fault fault) {
		switch (fault) {
			case KILL_ONE_OF_TWO -> kill(Service.ORDER, 0);
			case KILL_ONLY_INSTANCES -> {
				List<ServiceProcess> killed = List.of(this.stack.instances(Service.CUSTOMER).get(0),
						this.stack.instances(Service.INVENTORY).get(0), this.stack.instances(Service.STATS).get(0));
				killed.forEach((process) -> ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly));
				killed.forEach((process) -> awaitReplaced(process.service(), 0, process.pid()));
			}
			case KILL_POSTGRES -> killPostgres();
			case STOP_KAFKA -> {
				this.stack.stopKafka();
				// Orders are accepted while Kafka is away: their events wait in the
				// outbox.
				awaitOrdersAccepted();
				this.stack.startKafka();
			}
			case FREEZE_PAST_DEADLINE -> freeze(Service.INVENTORY);
			case UNREADABLE_RECORDS -> sendUnreadableRecords();
		}
		awaitAllReady();
		awaitOrdersAccepted();
	}

	/**
	 * @return the unreadable records sent so far
	 */
	List<Poison> poison() {
		return List.copyOf(this.poison);
	}

	private void kill(Service service, int instance) {
		ServiceProcess killed = this.stack.instances(service).get(instance);
		ProcessHandle.of(killed.pid()).ifPresent(ProcessHandle::destroyForcibly);
		awaitReplaced(service, instance, killed.pid());
	}

	private void awaitReplaced(Service service, int instance, long killedPid) {
		await().atMost(RECOVERY).ignoreExceptions().until(() -> {
			ServiceProcess now = this.stack.instances(service).get(instance);
			return now.pid() != killedPid && isReady(now);
		});
	}

	private void killPostgres() {
		long postmaster = this.stack.postgresPid();
		ProcessHandle.of(postmaster).ifPresent((process) -> {
			process.destroyForcibly();
			process.onExit().join();
		});
		// The supervisor notices and starts it again, with crash recovery.
		await().atMost(RECOVERY)
			.ignoreExceptions()
			.until(() -> this.stack.postgresPid() != postmaster && this.database.isUp(Service.ORDER));
	}

	/**
	 * Stops a service with {@code SIGSTOP}: alive, holding its connections and its
	 * consumer group membership, but doing nothing, as in a long garbage collection pause
	 * or a VM that was suspended. It goes on once an order placed meanwhile was rejected
	 * for its deadline.
	 */
	private void freeze(Service service) {
		List<ServiceProcess> frozen = this.stack.instances(service);
		Timestamp since = Timestamp.from(Instant.now());
		frozen.forEach((process) -> signal("STOP", process.pid()));
		try {
			await().atMost(this.deadline.plus(RECOVERY)).until(() -> this.database.count(Service.ORDER, """
					select count(*) from orders o join order_rejection_reason r on r.order_id = o.id
					where r.reason = 'TIMEOUT' and o.placed_at > ?""", since) > 0);
		}
		finally {
			frozen.forEach((process) -> signal("CONT", process.pid()));
		}
	}

	private static void signal(String signal, long pid) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run kill -" + signal, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Puts records no consumer can read on every topic: a payload that is not JSON under
	 * a type of the topic, and a type nobody knows.
	 */
	private void sendUnreadableRecords() {
		Map<String, String> knownTypes = Map.of("customer.events", "customer.credit-reserved.v1", "order.events",
				"order.placed.v1", "inventory.events", "inventory.stock-reserved.v1");
		try (KafkaProducer<byte[], byte[]> producer = StackKafka.producer(this.stack)) {
			for (String topic : TOPICS) {
				String prefix = topic.substring(0, topic.indexOf('.'));
				send(producer, topic, knownTypes.get(topic), "{\"orderId\": \"not an id\", \"lines\": [");
				send(producer, topic, prefix + ".unheard-of.v1", "{}");
			}
		}
	}

	private void send(KafkaProducer<byte[], byte[]> producer, String topic, String type, String payload) {
		UUID id = UUID.randomUUID();
		String key = UUID.randomUUID().toString();
		ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
				payload.getBytes(StandardCharsets.UTF_8));
		header(record, "ce_id", id.toString());
		header(record, "ce_type", type);
		header(record, "ce_source", "/fault-injection");
		header(record, "ce_specversion", "1.0");
		header(record, "ce_subject", key);
		header(record, "content-type", "application/json");
		try {
			producer.send(record).get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not send an unreadable record to " + topic, ex);
		}
		this.poison.add(new Poison(topic, id.toString()));
	}

	private static void header(ProducerRecord<byte[], byte[]> record, String name, String value) {
		record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
	}

	private void awaitAllReady() {
		await().atMost(RECOVERY)
			.ignoreExceptions()
			.until(() -> this.stack.instances().stream().allMatch(this::isReady));
	}

	private boolean isReady(ServiceProcess process) {
		return process.isAlive() && this.http.get(process.url(), "/actuator/health/readiness").status() == 200;
	}

	/**
	 * Waits until the clients got a few more orders accepted (a second's worth at the
	 * least): the system takes orders again, or still, whatever the fault.
	 */
	private void awaitOrdersAccepted() {
		long before = this.ledger.accepted();
		await().atMost(RECOVERY).until(() -> this.ledger.accepted() >= before + 5);
	}

	/**
	 * The faults, in the order a run injects them.
	 */
	enum Fault {

		KILL_ONE_OF_TWO("kill -9 order-service-1 (one of two)"),

		KILL_ONLY_INSTANCES("kill -9 customer, inventory, stats (only instance each)"),

		KILL_POSTGRES("kill -9 PostgreSQL"),

		STOP_KAFKA("stop Kafka, start it again"),

		FREEZE_PAST_DEADLINE("SIGSTOP inventory-service past the deadline"),

		UNREADABLE_RECORDS("unreadable records on each topic");

		private final String description;

		Fault(String description) {
			this.description = description;
		}

		String description() {
			return this.description;
		}

	}

	/**
	 * An unreadable record sent.
	 *
	 * @param topic where
	 * @param eventId its {@code ce_id}
	 */
	record Poison(String topic, String eventId) {
	}

}
