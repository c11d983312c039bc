package dev.olf.events;

/**
 * Header names of the CloudEvents 1.0 Kafka protocol binding in binary mode, plus the W3C
 * trace context header.
 *
 * @see <a href=
 * "https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md">Kafka
 * protocol binding</a>
 */
public final class CloudEventHeaders {

	/** The event id: the outbox row id, so a consumer can spot redeliveries. */
	public static final String ID = "ce_id";

	/** The event type, e.g. {@code order.placed.v1}; see {@link EventType}. */
	public static final String TYPE = "ce_type";

	/** The producing service, e.g. {@code /order-service}. */
	public static final String SOURCE = "ce_source";

	/** When the state change happened (RFC 3339). */
	public static final String TIME = "ce_time";

	/** The aggregate id, also the record key. */
	public static final String SUBJECT = "ce_subject";

	public static final String SPEC_VERSION = "ce_specversion";

	public static final String CONTENT_TYPE = "content-type";

	/** W3C trace context of the request that caused the event. */
	public static final String TRACEPARENT = "traceparent";

	private CloudEventHeaders() {
	}

}
