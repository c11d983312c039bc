package dev.olf.localstack.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * The Kafka passwords of one local stack: the administrator's and one per service,
 * generated for its data directory on first start and kept in
 * {@code kafka-credentials.properties} there, readable by its owner only. Generated
 * rather than fixed, so that no password of a running broker is in the repository or on a
 * command line; the services get theirs through the environment.
 */
final class KafkaCredentials {

	static final String FILE_NAME = "kafka-credentials.properties";

	private static final String ADMIN = "admin";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String admin;

	private final Map<Service, String> services;

	private KafkaCredentials(String admin, Map<Service, String> services) {
		this.admin = admin;
		this.services = services;
	}

	/**
	 * Reads the passwords of a data directory, generating whatever is missing.
	 * @param dataDirectory the stack's data directory
	 * @return the passwords
	 */
	static KafkaCredentials of(Path dataDirectory) {
		Path file = dataDirectory.resolve(FILE_NAME);
		Properties stored = new Properties();
		try {
			if (Files.exists(file)) {
				try (Reader reader = Files.newBufferedReader(file)) {
					stored.load(reader);
				}
			}
			boolean changed = generateIfMissing(stored, ADMIN);
			for (Service service : Service.apis()) {
				changed |= generateIfMissing(stored, service.module());
			}
			if (changed) {
				write(file, stored);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read or write the Kafka passwords in " + file, ex);
		}
		Map<Service, String> services = new EnumMap<>(Service.class);
		for (Service service : Service.apis()) {
			services.put(service, stored.getProperty(service.module()));
		}
		return new KafkaCredentials(stored.getProperty(ADMIN), Map.copyOf(services));
	}

	private static boolean generateIfMissing(Properties stored, String user) {
		if (stored.getProperty(user, "").isBlank()) {
			byte[] secret = new byte[24];
			RANDOM.nextBytes(secret);
			stored.setProperty(user, HexFormat.of().formatHex(secret));
			return true;
		}
		return false;
	}

	private static void write(Path file, Properties stored) throws IOException {
		Files.createDirectories(file.getParent());
		if (!Files.exists(file)) {
			try {
				Files.createFile(file,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			catch (UnsupportedOperationException ex) {
				// Not a POSIX file system (Windows): the user's profile protects it.
				Files.createFile(file);
			}
		}
		try (Writer writer = Files.newBufferedWriter(file)) {
			stored.store(writer, "Kafka passwords of this local stack, generated on first start; user=password");
		}
	}

	/**
	 * @return the password of the broker's administrator, {@code KafkaBroker.ADMIN_USER}
	 */
	String admin() {
		return this.admin;
	}

	/**
	 * @param service a service
	 * @return its principal's password
	 */
	String of(Service service) {
		return this.services.get(service);
	}

	Map<Service, String> services() {
		return this.services;
	}

}
