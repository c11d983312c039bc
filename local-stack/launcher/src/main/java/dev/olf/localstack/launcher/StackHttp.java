package dev.olf.localstack.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.olf.localstack.ClientCredentials;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every HTTP request of the fault runs goes through here, as a client of the stack's
 * public APIs would send it: whatever a request needs on top (a bearer token, say) is
 * added in one place.
 */
final class StackHttp {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final LocalStack stack;

	private final AtomicInteger turn = new AtomicInteger();

	private final ClientCredentials client;

	StackHttp(LocalStack stack) {
		this.stack = stack;
		this.client = ClientCredentials.local(stack.authUrl());
	}

	/**
	 * Posts JSON to an instance of a service, the instances taken in turn as a load
	 * balancer would.
	 * @param service the service
	 * @param path the path
	 * @param json the body
	 * @param headers further headers, e.g. {@code Idempotency-Key}
	 * @return the answer
	 * @throws UncheckedIOException when no answer came (refused, reset, timed out)
	 */
	Response post(Service service, String path, String json, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(anyInstance(service).resolve(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		headers.forEach(request::header);
		return send(request);
	}

	Response get(Service service, String path) {
		return get(anyInstance(service), path);
	}

	Response get(URI instance, String path) {
		return send(HttpRequest.newBuilder(instance.resolve(path)).GET());
	}

	private URI anyInstance(Service service) {
		List<ServiceProcess> instances = this.stack.instances(service);
		return instances.get(Math.floorMod(this.turn.getAndIncrement(), instances.size())).url();
	}

	private Response send(HttpRequest.Builder request) {
		try {
			request.timeout(Duration.ofSeconds(20));
			HttpResponse<String> response = this.http.send(
					request.setHeader("Authorization", "Bearer " + this.client.token()).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 401) {
				// The authorization server was restarted and signs with new keys.
				this.client.forget();
				response = this.http.send(request.setHeader("Authorization", "Bearer " + this.client.token()).build(),
						HttpResponse.BodyHandlers.ofString());
			}
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * An answer.
	 *
	 * @param status the HTTP status
	 * @param text the body
	 */
	record Response(int status, String text) {

		JsonNode body() {
			return this.text.isEmpty() ? JSON.nullNode() : JSON.readTree(this.text);
		}

	}

}
