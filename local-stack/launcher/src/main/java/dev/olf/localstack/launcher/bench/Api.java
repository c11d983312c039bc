package dev.olf.localstack.launcher.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.olf.localstack.ClientCredentials;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every HTTP call the benchmark makes goes through here, so that what every request needs
 * (a bearer token, say) is added in one place.
 */
final class Api {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final ClientCredentials client;

	/**
	 * @param authServer the stack's authorization server: every request carries a token
	 * of the local machine client, as the demo traffic's do
	 */
	Api(URI authServer) {
		this.client = ClientCredentials.local(authServer);
	}

	Response post(URI instance, String path, String json, Duration timeout) throws IOException {
		return send(request(instance, path, timeout).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	Response get(URI instance, String path, Duration timeout) throws IOException {
		return send(request(instance, path, timeout).GET());
	}

	/**
	 * A request answered with anything but the status expected is a failure of the
	 * benchmark's set-up, not a measurement.
	 */
	JsonNode expect(int status, Response response, String what) {
		if (response.status() != status) {
			throw new IllegalStateException(what + " answered " + response.status() + ": " + response.text());
		}
		return response.body();
	}

	private HttpRequest.Builder request(URI instance, String path, Duration timeout) {
		return HttpRequest.newBuilder(instance.resolve(path))
			.timeout(timeout)
			.header("Authorization", "Bearer " + this.client.token());
	}

	private Response send(HttpRequest.Builder request) throws IOException {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted", ex);
		}
	}

	record Response(int status, String text) {

		JsonNode body() {
			return this.text.isEmpty() ? JSON.nullNode() : JSON.readTree(this.text);
		}

	}

}
