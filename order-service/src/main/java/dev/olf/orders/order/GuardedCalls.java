package dev.olf.orders.order;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;

import org.springframework.web.client.HttpClientErrorException;

/**
 * Calls to one other service, each behind its bulkhead, time limiter, circuit breaker and
 * retry (the instances of that name in {@code resilience4j.*} of
 * {@code application.yml}). A call that fails, times out or finds the breaker open
 * completes exceptionally, quickly; the caller decides what a partial answer looks like.
 */
final class GuardedCalls {

	private final Bulkhead bulkhead;

	private final TimeLimiter timeLimiter;

	private final CircuitBreaker circuitBreaker;

	private final Retry retry;

	private final ExecutorService calls;

	private final ScheduledExecutorService timers;

	GuardedCalls(Bulkhead bulkhead, TimeLimiter timeLimiter, CircuitBreaker circuitBreaker, Retry retry,
			ExecutorService calls, ScheduledExecutorService timers) {
		this.bulkhead = bulkhead;
		this.timeLimiter = timeLimiter;
		this.circuitBreaker = circuitBreaker;
		this.retry = retry;
		this.calls = calls;
		this.timers = timers;
	}

	/**
	 * Reads one resource; a 404 is an answer (empty), not a failure of the service.
	 * @param call the HTTP interface call
	 * @param <T> what it reads
	 * @return the resource, empty if the other service does not know it
	 */
	<T> CompletableFuture<Optional<T>> read(Supplier<T> call) {
		Supplier<Optional<T>> found = () -> {
			try {
				return Optional.of(call.get());
			}
			catch (HttpClientErrorException.NotFound ex) {
				return Optional.empty();
			}
		};
		// Innermost first: the time limit bounds one attempt, the bulkhead how many run
		// at once, the breaker counts attempts, and the retry (outermost) repeats a
		// failed attempt while the breaker lets it.
		Supplier<CompletionStage<Optional<T>>> attempt = () -> CompletableFuture.supplyAsync(found, this.calls);
		attempt = TimeLimiter.decorateCompletionStage(this.timeLimiter, this.timers, attempt);
		attempt = Bulkhead.decorateCompletionStage(this.bulkhead, attempt);
		attempt = CircuitBreaker.decorateCompletionStage(this.circuitBreaker, attempt);
		attempt = Retry.decorateCompletionStage(this.retry, this.timers, attempt);
		return attempt.get().toCompletableFuture();
	}

}
