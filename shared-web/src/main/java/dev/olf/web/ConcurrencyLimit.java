package dev.olf.web;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds how many API requests a service works on at once, so that a flood of requests
 * cannot starve its Kafka consumers of database connections (they would then fall behind,
 * every saga would slow down, and the requests waiting for them would pile up until the
 * heap runs out). A request waits up to {@code olf.web.busy-wait} for its turn; after
 * that it is answered {@code 503} with {@code Retry-After} and a problem detail instead
 * of joining an ever longer queue. With virtual threads Tomcat itself sets no such limit.
 *
 * <p>
 * The limit counts requests that work, not requests that wait: a request that starts
 * asynchronous processing (a server-sent event stream) gives its turn back when its first
 * dispatch returns, and code that waits inside a request without touching the database (a
 * long poll) gives it back while it waits, with {@link #whileWaiting}.
 */
public class ConcurrencyLimit extends OncePerRequestFilter {

	private static final String PERMIT = ConcurrencyLimit.class.getName() + ".permit";

	private final Semaphore permits;

	private final int limit;

	private final Duration busyWait;

	private final @Nullable Counter refused;

	/**
	 * @param limit requests worked on at once
	 * @param busyWait how long a request waits for its turn before it is refused
	 * @param meters where the refusals and the requests in progress are counted, if
	 * anywhere
	 */
	public ConcurrencyLimit(int limit, Duration busyWait, @Nullable MeterRegistry meters) {
		if (limit < 1) {
			throw new IllegalArgumentException("olf.web.max-concurrent-requests must be at least 1, was " + limit);
		}
		this.permits = new Semaphore(limit, true);
		this.limit = limit;
		this.busyWait = busyWait;
		if (meters != null) {
			this.refused = Counter.builder("http.server.requests.refused")
				.description("API requests answered 503 because the service was busy")
				.register(meters);
			Gauge.builder("http.server.requests.working", this, (self) -> self.limit - self.permits.availablePermits())
				.description("API requests being worked on now (at most olf.web.max-concurrent-requests)")
				.register(meters);
		}
		else {
			this.refused = null;
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean admitted;
		try {
			admitted = this.permits.tryAcquire(this.busyWait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			admitted = false;
		}
		if (!admitted) {
			if (this.refused != null) {
				this.refused.increment();
			}
			response.setHeader("Retry-After", "1");
			Problems.write(response, HttpStatus.SERVICE_UNAVAILABLE,
					"The service is busy with " + this.limit + " other requests and could not take this one within "
							+ this.busyWait.toMillis() + " ms; nothing was done: send it again in a second");
			return;
		}
		Permit permit = new Permit(this.permits);
		request.setAttribute(PERMIT, permit);
		try {
			chain.doFilter(request, response);
		}
		finally {
			request.removeAttribute(PERMIT);
			permit.release();
		}
	}

	/**
	 * Runs something that waits without working (no database connection, no CPU), e.g. a
	 * long poll's wait, with the request's turn given back meanwhile; the turn is taken
	 * again afterwards, waiting as long as it takes. Outside a limited request it just
	 * runs it.
	 * @param <T> what it returns
	 * @param waiting the wait
	 * @return what it returned
	 */
	public static <T> T whileWaiting(Supplier<T> waiting) {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		Object permit = (attributes != null) ? attributes.getAttribute(PERMIT, RequestAttributes.SCOPE_REQUEST) : null;
		if (!(permit instanceof Permit held)) {
			return waiting.get();
		}
		held.release();
		try {
			return waiting.get();
		}
		finally {
			held.acquire();
		}
	}

	/**
	 * One request's turn, released once however often it is given back.
	 */
	private static final class Permit {

		private final Semaphore permits;

		private boolean held = true;

		Permit(Semaphore permits) {
			this.permits = permits;
		}

		synchronized void release() {
			if (this.held) {
				this.held = false;
				this.permits.release();
			}
		}

		synchronized void acquire() {
			if (!this.held) {
				this.permits.acquireUninterruptibly();
				this.held = true;
			}
		}

	}

}
