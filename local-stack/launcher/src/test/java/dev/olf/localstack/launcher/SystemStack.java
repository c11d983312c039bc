package dev.olf.localstack.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.olf.localstack.ClientCredentials;
import dev.olf.localstack.PortCheck;

/**
 * The whole system as processes, started once per test JVM on free ports, the way
 * {@code ./run-local} starts it; and a small HTTP client for talking to it.
 */
final class SystemStack {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** The order saga's deadline in this stack. */
	static final Duration DEADLINE = Duration.ofSeconds(10);

	/** How often a request the service was too busy for is sent. */
	private static final int BUSY_ATTEMPTS = 10;

	/** How many order services the stack runs. */
	static final int ORDER_INSTANCES = 2;

	private static final int PORT_STEP = 100;

	/**
	 * A client this stack's authorization server has besides the usual ones, whose tokens
	 * expire after a second: the auth matrix test shows an expired token refused.
	 */
	static final String SHORT_LIVED_CLIENT_ID = "short-lived-test-client";

	static final String SHORT_LIVED_CLIENT_SECRET = "short-lived-test-only";

	private static final AtomicInteger TURN = new AtomicInteger();

	private static LocalStack stack;

	private static ClientCredentials client;

	private SystemStack() {
	}

	static synchronized LocalStack shared() {
		if (stack == null) {
			stack = start();
			client = ClientCredentials.local(stack.authUrl());
			LocalStack started = stack;
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "system-stack-shutdown"));
		}
		return stack;
	}

	/**
	 * Stops the shared stack if it runs, e.g. before a test starts a stack of its own, so
	 * that two do not share the machine; the next {@link #shared()} starts a new one.
	 */
	static synchronized void closeShared() {
		if (stack != null) {
			stack.close();
			stack = null;
		}
	}

	private static LocalStack start() {
		try {
			Path data = Files.createTempDirectory("olf-system-test");
			Map<Service, Integer> ports = new EnumMap<>(Service.class);
			for (Service service : Service.values()) {
				ports.put(service, freePortWithAFreeSecond());
			}
			// Two order services, as ./run-local --instances order=2 starts them: every
			// test runs against a scaled-out service. A short saga deadline, so the test
			// of a participant that is away does not wait 30 s. And a trace backend, as
			// ./run-local --tracing starts it, which the tracing test reads.
			LaunchOptions options = new LaunchOptions(data, RepositoryRoot.find(), PortCheck.freePort(),
					PortCheck.freePort(), ports, Map.of(Service.ORDER, ORDER_INSTANCES), PORT_STEP,
					LaunchOptions.defaultJvmOptions(), serviceArguments(), 0, PortCheck.freePort(),
					LaunchOptions.DEFAULT_BIND_ADDRESS);
			return LocalStack.start(options, null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Client settings of the broker's administrator, a super user that may write any
	 * record to any topic (the services' own principals may not): for tests that put
	 * records on Kafka themselves, e.g. unreadable ones, or read every topic.
	 * @return a new, modifiable map of producer, consumer and admin client settings
	 */
	static Map<String, Object> kafkaAdminProperties() {
		return new HashMap<>(shared().kafkaAdminProperties());
	}

	/**
	 * @param service a service
	 * @return a new, modifiable map of client settings that authenticate as that
	 * service's principal
	 */
	static Map<String, Object> kafkaProperties(Service service) {
		return new HashMap<>(shared().kafkaProperties(service));
	}

	/**
	 * What this stack changes: a short saga deadline; tokens refused as soon as they
	 * expire (no clock skew, since all runs on one clock) and a client whose tokens
	 * expire at once, for the auth matrix.
	 */
	private static Map<Service, List<String>> serviceArguments() {
		Map<Service, List<String>> arguments = new EnumMap<>(Service.class);
		for (Service service : Service.apis()) {
			List<String> own = new ArrayList<>(List.of("--olf.security.token.clock-skew=0s"));
			if (service == Service.ORDER) {
				own.add("--olf.orders.deadline=" + DEADLINE);
			}
			arguments.put(service, own);
		}
		String client = "--spring.security.oauth2.authorizationserver.client.short-lived.";
		arguments.put(Service.AUTH,
				List.of(client + "registration.client-id=" + SHORT_LIVED_CLIENT_ID,
						client + "registration.client-secret={noop}" + SHORT_LIVED_CLIENT_SECRET,
						client + "registration.client-authentication-methods=client_secret_basic",
						client + "registration.authorization-grant-types=client_credentials",
						client + "registration.scopes=" + ClientCredentials.EVERY_SCOPE.replace(' ', ','),
						client + "token.access-token-time-to-live=1s"));
		return arguments;
	}

	/**
	 * A free port whose second instance's port is free too.
	 */
	private static int freePortWithAFreeSecond() {
		while (true) {
			int port = PortCheck.freePort();
			if (port + PORT_STEP <= 65535 && PortCheck.isFree(port + PORT_STEP)) {
				return port;
			}
		}
	}

	/**
	 * The one place where the system tests get their token: the local machine client's,
	 * with every scope, fetched once and again shortly before it expires. Every request
	 * helper here sends it; a test or tool that makes its own requests adds
	 * {@code Authorization: Bearer} with this.
	 * @return a token good for another minute at least
	 */
	static String token() {
		shared();
		synchronized (SystemStack.class) {
			return client.token();
		}
	}

	/**
	 * @return the authorization server of the stack, for a test that needs tokens of
	 * other scopes
	 */
	static URI authUrl() {
		return shared().authUrl();
	}

	static Response post(Service service, String path, String json) {
		return post(anyInstance(service), path, json);
	}

	static Response post(URI instance, String path, String json) {
		return send(HttpRequest.newBuilder(instance.resolve(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	static Response get(Service service, String path) {
		return get(anyInstance(service), path);
	}

	/**
	 * The instances of a service in turn, as a load balancer in front of them would: the
	 * tests then see what a client of a scaled-out service sees.
	 */
	private static URI anyInstance(Service service) {
		List<ServiceProcess> instances = shared().instances(service);
		return instances.get(Math.floorMod(TURN.getAndIncrement(), instances.size())).url();
	}

	static Response get(URI instance, String path) {
		return send(HttpRequest.newBuilder(instance.resolve(path)).GET());
	}

	/**
	 * Sends as a well-behaved client would: a {@code 503} with {@code Retry-After} (the
	 * service was busy and did nothing, see shared-web's {@code ConcurrencyLimit}) is
	 * sent again after the time it asks for, a few times.
	 */
	private static Response send(HttpRequest.Builder request) {
		request.header("Authorization", "Bearer " + token());
		try {
			for (int attempt = 1;; attempt++) {
				HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
						HttpResponse.BodyHandlers.ofString());
				Optional<String> retryAfter = response.headers().firstValue("Retry-After");
				if (response.statusCode() != 503 || retryAfter.isEmpty() || attempt == BUSY_ATTEMPTS) {
					return new Response(response.statusCode(), response.headers().firstValue("Location").orElse(null),
							response.body());
				}
				// The protocol's back-off, not a wait for a condition.
				Thread.sleep(Duration.ofSeconds(Long.parseLong(retryAfter.get().trim())));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Response(int status, String location, String text) {

		JsonNode body() {
			return this.text.isEmpty() ? JSON.nullNode() : JSON.readTree(this.text);
		}

	}

}
