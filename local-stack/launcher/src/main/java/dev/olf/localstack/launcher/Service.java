package dev.olf.localstack.launcher;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The services of the system, with their default port and the database each owns: the
 * four that serve the shop's APIs, and the authorization server that issues their tokens.
 */
public enum Service {

	CUSTOMER("customer-service", 8081, "customers"),

	ORDER("order-service", 8082, "orders"),

	INVENTORY("inventory-service", 8083, "inventory"),

	STATS("olf-stats-service", 8084, "olf"),

	/** Tokens for every other service's API; one instance, no database, no Kafka. */
	AUTH("auth-service", 9000, null);

	private static final List<Service> APIS = Arrays.stream(values()).filter(Service::hasApi).toList();

	private final String module;

	private final int defaultPort;

	private final @Nullable String database;

	Service(String module, int defaultPort, @Nullable String database) {
		this.module = module;
		this.defaultPort = defaultPort;
		this.database = database;
	}

	/**
	 * @return the Maven module, also the application name
	 */
	public String module() {
		return this.module;
	}

	public int defaultPort() {
		return this.defaultPort;
	}

	/**
	 * @return the database it owns
	 * @throws IllegalStateException for the authorization server, which has none
	 */
	public String database() {
		if (this.database == null) {
			throw new IllegalStateException(this.module + " has no database");
		}
		return this.database;
	}

	/**
	 * @return whether it is one of the shop's services, with an API behind tokens, a
	 * database and Kafka; not the authorization server
	 */
	public boolean hasApi() {
		return this.database != null;
	}

	/**
	 * @return the shop's services: every one but the authorization server
	 */
	public static List<Service> apis() {
		return APIS;
	}

	/**
	 * @return the name in command-line options, e.g. {@code customer}
	 */
	public String shortName() {
		return this.module.replace("-service", "").replace("olf-", "");
	}

	/**
	 * @return the command-line option that sets the port, e.g. {@code --customer-port}
	 */
	public String portOption() {
		return "--" + shortName() + "-port";
	}

}
