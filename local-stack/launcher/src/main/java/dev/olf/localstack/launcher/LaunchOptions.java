package dev.olf.localstack.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the launcher starts and where.
 *
 * @param dataDirectory where Kafka and PostgreSQL keep their data and services their
 * logs; kept across restarts
 * @param repositoryRoot the checkout, whose modules hold the services' executable jars
 * @param kafkaPort the Kafka broker's port
 * @param postgresPort PostgreSQL's port
 * @param servicePorts the HTTP port of each service
 * @param jvmOptions options for each service's JVM
 * @param serviceArguments extra Spring Boot arguments per service, e.g.
 * {@code --olf.orders.deadline=5s}
 * @param demoRate orders per second of demo traffic, 0 for none
 */
public record LaunchOptions(Path dataDirectory, Path repositoryRoot, int kafkaPort, int postgresPort,
		Map<Service, Integer> servicePorts, List<String> jvmOptions, Map<Service, List<String>> serviceArguments,
		double demoRate) {

	public LaunchOptions {
		servicePorts = Map.copyOf(servicePorts);
		jvmOptions = List.copyOf(jvmOptions);
		serviceArguments = Map.copyOf(serviceArguments);
	}

	List<String> argumentsOf(Service service) {
		return this.serviceArguments.getOrDefault(service, List.of());
	}

	static final double DEFAULT_DEMO_RATE = 5;

	static final String USAGE = """
			Usage: local-stack [options]
			  --data-dir DIR        where Kafka and PostgreSQL keep their data (default .local-stack)
			  --kafka-port N        Kafka broker port (default 9092)
			  --postgres-port N     PostgreSQL port (default 5432)
			  --customer-port N     customer-service HTTP port (default 8081)
			  --order-port N        order-service HTTP port (default 8082)
			  --inventory-port N    inventory-service HTTP port (default 8083)
			  --stats-port N        olf-stats-service HTTP port (default 8084)
			  --jvm-opts "OPTS"     JVM options for each service (default "%s")
			  --demo                demo traffic: customers, products and a steady stream of orders,
			                        some failing for credit or stock, so the dashboard moves
			  --demo-rate N         demo orders per second (default 5; implies --demo)
			  --help                this text
			""".formatted(String.join(" ", defaultJvmOptions()));

	/**
	 * Modest heaps and the serial collector: four services and a broker share a laptop.
	 * @return the default service JVM options
	 */
	public static List<String> defaultJvmOptions() {
		return List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx384m", "-XX:+ExitOnOutOfMemoryError");
	}

	/**
	 * Reads command-line options.
	 * @param args the arguments
	 * @return the options
	 * @throws IllegalArgumentException for an unknown option or a bad value, with a
	 * message for the user
	 */
	public static LaunchOptions parse(String... args) {
		Path dataDirectory = Path.of(".local-stack");
		int kafkaPort = 9092;
		int postgresPort = 5432;
		Map<Service, Integer> servicePorts = new EnumMap<>(Service.class);
		for (Service service : Service.values()) {
			servicePorts.put(service, service.defaultPort());
		}
		List<String> jvmOptions = new ArrayList<>(defaultJvmOptions());
		double demoRate = 0;
		for (int i = 0; i < args.length; i++) {
			String option = args[i];
			if ("--demo".equals(option)) {
				demoRate = (demoRate > 0) ? demoRate : DEFAULT_DEMO_RATE;
				continue;
			}
			String value = (i + 1 < args.length) ? args[i + 1] : null;
			switch (option) {
				case "--data-dir" -> dataDirectory = Path.of(required(option, value));
				case "--kafka-port" -> kafkaPort = port(option, value);
				case "--postgres-port" -> postgresPort = port(option, value);
				case "--jvm-opts" -> jvmOptions = List.of(required(option, value).trim().split("\\s+"));
				case "--demo-rate" -> demoRate = rate(option, value);
				default -> {
					Service service = serviceFor(option);
					servicePorts.put(service, port(option, value));
				}
			}
			i++;
		}
		return new LaunchOptions(dataDirectory.toAbsolutePath().normalize(), RepositoryRoot.find(), kafkaPort,
				postgresPort, servicePorts, jvmOptions, Map.of(), demoRate);
	}

	private static Service serviceFor(String option) {
		for (Service service : Service.values()) {
			if (service.portOption().equals(option)) {
				return service;
			}
		}
		throw new IllegalArgumentException("Unknown option " + option + "\n" + USAGE);
	}

	private static String required(String option, String value) {
		if (value == null) {
			throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
		}
		return value;
	}

	private static double rate(String option, String value) {
		try {
			double rate = Double.parseDouble(required(option, value));
			if (!(rate > 0 && rate <= 1000)) {
				throw new NumberFormatException();
			}
			return rate;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(option + " needs a number of orders per second above 0, not " + value);
		}
	}

	private static int port(String option, String value) {
		try {
			int port = Integer.parseInt(required(option, value));
			if (port < 0 || port > 65535) {
				throw new NumberFormatException();
			}
			return port;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(option + " needs a port number between 0 and 65535, not " + value);
		}
	}

}
