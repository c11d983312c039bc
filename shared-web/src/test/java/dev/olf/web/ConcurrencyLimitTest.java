package dev.olf.web;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyLimitTest {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ConcurrencyLimit limit = new ConcurrencyLimit(1, Duration.ofMillis(200), this.meters);

	@Test
	void aRequestBeyondTheLimitIsRefusedWith503AndRetryAfterOnceItsWaitIsUp() throws Exception {
		CountDownLatch working = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		CompletableFuture<MockHttpServletResponse> first = CompletableFuture
			.supplyAsync(() -> send((request, response) -> {
				working.countDown();
				await(finish);
			}));
		await(working);

		MockHttpServletResponse refused = send(
				(request, response) -> ((MockHttpServletResponse) response).setStatus(200));
		assertThat(refused.getStatus()).isEqualTo(503);
		assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
		assertThat(refused.getContentType()).isEqualTo("application/problem+json");
		assertThat(refused.getContentAsString()).contains("busy").contains("send it again");
		assertThat(this.meters.get("http.server.requests.refused").counter().count()).isEqualTo(1);
		assertThat(this.meters.get("http.server.requests.working").gauge().value()).isEqualTo(1);

		finish.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(send((request, response) -> ((MockHttpServletResponse) response).setStatus(200)).getStatus())
			.isEqualTo(200);
		assertThat(this.meters.get("http.server.requests.working").gauge().value()).isZero();
	}

	@Test
	void aRequestThatWaitsWithoutWorkingGivesItsTurnBackMeanwhile() throws Exception {
		CountDownLatch waiting = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		CompletableFuture<MockHttpServletResponse> longPoll = CompletableFuture
			.supplyAsync(() -> send((request, response) -> {
				RequestContextHolder.setRequestAttributes(
						new ServletRequestAttributes((jakarta.servlet.http.HttpServletRequest) request));
				try {
					ConcurrencyLimit.whileWaiting(() -> {
						waiting.countDown();
						await(finish);
						return null;
					});
				}
				finally {
					RequestContextHolder.resetRequestAttributes();
				}
			}));
		await(waiting);

		assertThat(send((request, response) -> ((MockHttpServletResponse) response).setStatus(200)).getStatus())
			.isEqualTo(200);

		finish.countDown();
		assertThat(longPoll.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(this.meters.get("http.server.requests.working").gauge().value()).isZero();
	}

	@Test
	void onlyTheApiIsLimited() throws Exception {
		CountDownLatch working = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		CompletableFuture<MockHttpServletResponse> first = CompletableFuture
			.supplyAsync(() -> send((request, response) -> {
				working.countDown();
				await(finish);
			}));
		await(working);
		MockHttpServletRequest health = new MockHttpServletRequest("GET", "/actuator/health/readiness");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.limit.doFilter(health, response, (req, res) -> ((MockHttpServletResponse) res).setStatus(200));
		assertThat(response.getStatus()).isEqualTo(200);
		finish.countDown();
		first.get(10, TimeUnit.SECONDS);
	}

	private MockHttpServletResponse send(FilterChain chain) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders");
		MockHttpServletResponse response = new MockHttpServletResponse();
		try {
			this.limit.doFilter(request, response, chain);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return response;
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
