package dev.olf.messaging;

import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The W3C {@code traceparent} of the message being handled on this thread, so that events
 * written while handling it carry the same trace and a saga can be followed across
 * services without a tracing library.
 */
public final class TraceContext {

	private static final ThreadLocal<@Nullable String> CURRENT = new ThreadLocal<>();

	private TraceContext() {
	}

	/**
	 * @return the trace context of the message being handled, if it carried one
	 */
	public static Optional<String> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	/**
	 * Runs the action with the given trace context, restoring the previous one
	 * afterwards.
	 * @param traceparent the W3C traceparent, or {@code null} for none
	 * @param action what to run
	 * @param <T> the result type
	 * @return the action's result
	 */
	public static <T> T with(@Nullable String traceparent, Supplier<T> action) {
		String previous = CURRENT.get();
		CURRENT.set(traceparent);
		try {
			return action.get();
		}
		finally {
			CURRENT.set(previous);
		}
	}

}
