package dev.olf.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A machine client's access token from an OAuth2 authorization server (client credentials
 * grant), fetched on first use and again a minute before it expires: what the demo
 * traffic, the system tests and the benchmark put in every request's
 * {@code Authorization: Bearer} header.
 */
public final class ClientCredentials {

	/** The local stack's machine client, with every scope. */
	public static final String LOCAL_CLIENT_ID = "olf-local";

	/**
	 * Its secret: {@code OLF_LOCAL_CLIENT_SECRET} if set, else the LOCAL-DEVELOPMENT
	 * default of auth-service's application.yml.
	 */
	public static final String LOCAL_CLIENT_SECRET = System.getenv()
		.getOrDefault("OLF_LOCAL_CLIENT_SECRET", "olf-local-dev-only");

	/** Every scope of the local machine client. */
	public static final String EVERY_SCOPE = "customers:read customers:write catalogue:read catalogue:write "
			+ "orders:read orders:write stats:read metrics:read admin";

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern EXPIRES_IN = Pattern.compile("\"expires_in\"\\s*:\\s*(\\d+)");

	private static final Duration MARGIN = Duration.ofMinutes(1);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final URI tokenEndpoint;

	private final String clientId;

	private final String secret;

	private final String scope;

	private @Nullable String token;

	private Instant renewAt = Instant.MIN;

	/**
	 * @param server the authorization server's base URL; tokens come from its
	 * {@code /oauth2/token}
	 * @param clientId the client
	 * @param secret its secret
	 * @param scope the scopes, separated by spaces
	 */
	public ClientCredentials(URI server, String clientId, String secret, String scope) {
		this.tokenEndpoint = URI.create(server.toString().replaceAll("/$", "") + "/oauth2/token");
		this.clientId = clientId;
		this.secret = secret;
		this.scope = scope;
	}

	/**
	 * @param server the local stack's auth-service
	 * @return the local machine client with every scope
	 */
	public static ClientCredentials local(URI server) {
		return new ClientCredentials(server, LOCAL_CLIENT_ID, LOCAL_CLIENT_SECRET, EVERY_SCOPE);
	}

	/**
	 * @return a token good for another minute at least
	 * @throws IllegalStateException if the server gives none
	 */
	public synchronized String token() {
		if (this.token == null || Instant.now().isAfter(this.renewAt)) {
			fetch();
		}
		return this.token;
	}

	/**
	 * Drops the token, e.g. after a 401 because the server restarted with new keys.
	 */
	public synchronized void forget() {
		this.token = null;
	}

	private void fetch() {
		String credentials = Base64.getEncoder()
			.encodeToString((this.clientId + ":" + this.secret).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(this.tokenEndpoint)
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Basic " + credentials)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(
					"grant_type=client_credentials&scope=" + URLEncoder.encode(this.scope, StandardCharsets.UTF_8)))
			.build();
		try {
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			Matcher token = ACCESS_TOKEN.matcher(response.body());
			Matcher expiresIn = EXPIRES_IN.matcher(response.body());
			if (response.statusCode() != 200 || !token.find() || !expiresIn.find()) {
				throw new IllegalStateException("The authorization server at " + this.tokenEndpoint
						+ " gave no token for '" + this.scope + "': " + response.statusCode() + " " + response.body());
			}
			this.token = token.group(1);
			this.renewAt = Instant.now().plusSeconds(Long.parseLong(expiresIn.group(1))).minus(MARGIN);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The authorization server at " + this.tokenEndpoint + " did not answer", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
