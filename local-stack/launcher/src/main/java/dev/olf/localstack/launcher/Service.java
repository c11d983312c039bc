package dev.olf.localstack.launcher;

/**
 * The services of the system, with their default port and the database each owns.
 */
public enum Service {

	CUSTOMER("customer-service", 8081, "customers"),

	ORDER("order-service", 8082, "orders"),

	INVENTORY("inventory-service", 8083, "inventory"),

	STATS("olf-stats-service", 8084, "olf");

	private final String module;

	private final int defaultPort;

	private final String database;

	Service(String module, int defaultPort, String database) {
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

	public String database() {
		return this.database;
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
