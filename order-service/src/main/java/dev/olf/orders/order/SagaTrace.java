package dev.olf.orders.order;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Keeps an order's saga in one trace where no message carries it: the trace of the
 * request that placed the order is stored with the order as a W3C {@code traceparent},
 * and work a scheduled task does for the order later (the deadline) runs in a span of
 * that trace, so what it writes to the outbox continues it too.
 */
@Component
class SagaTrace {

	private static final String TRACEPARENT = "traceparent";

	private final Tracer tracer;

	private final Propagator propagator;

	SagaTrace(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * @return the {@code traceparent} of the current span, or {@code null} outside any
	 */
	@Nullable String current() {
		TraceContext context = this.tracer.currentTraceContext().context();
		if (context == null) {
			return null;
		}
		Map<String, String> headers = new HashMap<>();
		this.propagator.inject(context, headers, Map::put);
		return headers.get(TRACEPARENT);
	}

	/**
	 * Runs work in a new span that is a child of the stored one (or of nothing, when none
	 * was stored).
	 * @param traceparent the stored {@code traceparent}, or {@code null}
	 * @param name the new span's name
	 * @param work what to do in it
	 * @param <T> what the work returns
	 * @return what the work returned
	 */
	<T> T continueIn(@Nullable String traceparent, String name, Supplier<T> work) {
		Map<String, String> carrier = (traceparent != null) ? Map.of(TRACEPARENT, traceparent) : Map.of();
		Span span = this.propagator.extract(carrier, (headers, key) -> headers.get(key)).name(name).start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			return work.get();
		}
		catch (RuntimeException ex) {
			span.error(ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

}
