package dev.olf.messaging.outbox;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import dev.olf.events.DomainEvent;
import dev.olf.events.EventJson;
import dev.olf.events.EventType;
import dev.olf.messaging.kafka.CloudEventRecords;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records domain events in the outbox table as part of the caller's transaction, so an
 * event is published if and only if the state change that caused it commits.
 */
public class Outbox {

	/** First key of the advisory lock that serialises writers of one aggregate. */
	static final int WRITE_LOCK = 0x6f627801;

	private final JdbcClient jdbc;

	private final String source;

	private final int shards;

	private final Clock clock;

	private final Tracer tracer;

	private final Propagator propagator;

	/**
	 * @param jdbc where the outbox table is
	 * @param source the CloudEvents {@code ce_source} of this service
	 * @param shards how many shards the relay spreads rows over
	 * @param clock the clock for {@code ce_time}
	 * @param tracer whose current span each event continues ({@link Tracer#NOOP} for
	 * none)
	 * @param propagator how that span is written into the headers (W3C
	 * {@code traceparent})
	 */
	public Outbox(JdbcClient jdbc, String source, int shards, Clock clock, Tracer tracer, Propagator propagator) {
		this.jdbc = jdbc;
		this.source = source;
		this.shards = shards;
		this.clock = clock;
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * Writes the event to the outbox. Must run inside a transaction: an event outside one
	 * could be published for a change that never commits.
	 * @param event the event
	 * @return the event id ({@code ce_id})
	 */
	public UUID publish(DomainEvent event) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Outbox.publish must run inside the transaction of the state change");
		}
		EventType type = EventType.of(event);
		UUID id = UUID.randomUUID();
		String aggregateId = event.aggregateId();
		// The transaction-scoped lock makes a later writer of the same aggregate wait for
		// this commit, so positions of one aggregate follow commit order and the relay
		// can never see a later event while an earlier one is still invisible.
		this.jdbc
			.sql("""
					insert into outbox (id, aggregatetype, aggregateid, type, payload, headers, topic, shard)
					select :id, :aggregateType, :aggregateId, :type, cast(:payload as jsonb), cast(:headers as jsonb), :topic, :shard
					from (select pg_advisory_xact_lock(:lock, :lockKey)) as serialised
					""")
			.param("id", id)
			.param("aggregateType", type.aggregateType())
			.param("aggregateId", aggregateId)
			.param("type", type.name())
			.param("payload", EventJson.writeString(event))
			.param("headers", EventJson.mapper().writeValueAsString(headers(id, type, aggregateId)))
			.param("topic", type.topic())
			.param("shard", shardOf(aggregateId, this.shards))
			.param("lock", WRITE_LOCK)
			.param("lockKey", aggregateId.hashCode())
			.update();
		return id;
	}

	/**
	 * Where an aggregate's events reach the outbox. An aggregate records an event with
	 * {@code registerEvent} (Spring Data's {@code AbstractAggregateRoot}); when its
	 * repository saves it, Spring Data publishes the recorded events as application
	 * events and this listener writes each one. It runs synchronously, inside the
	 * transaction that saves the aggregate, so domain code never calls the outbox itself
	 * and an event commits exactly when its state change does.
	 * @param event the event an aggregate recorded
	 */
	@EventListener
	public void on(DomainEvent event) {
		publish(event);
	}

	private Map<String, String> headers(UUID id, EventType type, String aggregateId) {
		Map<String, String> headers = CloudEventRecords.headers(id, type, this.source, this.clock.instant(),
				aggregateId);
		// The span current while the state change happens (the request's, or the
		// listener's that applies an event) goes with the event, so its consumers
		// continue the same trace: an order's saga is one trace across every service.
		TraceContext context = this.tracer.currentTraceContext().context();
		if (context != null) {
			this.propagator.inject(context, headers, Map::put);
		}
		return headers;
	}

	static int shardOf(String aggregateId, int shards) {
		return Math.floorMod(aggregateId.hashCode(), shards);
	}

}
