package dev.olf.localstack.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the checkout the launcher runs from, where each service module holds its
 * executable jar.
 */
final class RepositoryRoot {

	private RepositoryRoot() {
	}

	static Path find() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null) {
			if (Files.isRegularFile(directory.resolve("mvnw"))
					&& Files.isDirectory(directory.resolve(Service.CUSTOMER.module()))) {
				return directory;
			}
			directory = directory.getParent();
		}
		throw new IllegalStateException(
				"Run the launcher from inside the repository checkout: it starts the services' jars from their modules");
	}

	static Path executableJar(Path root, Service service) {
		Path target = root.resolve(service.module()).resolve("target");
		try (var jars = Files.list(target)) {
			return jars.filter((jar) -> jar.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(() -> missing(service, target));
		}
		catch (java.io.IOException ex) {
			throw missing(service, target);
		}
	}

	private static IllegalStateException missing(Service service, Path target) {
		return new IllegalStateException("No executable jar of " + service.module() + " in " + target
				+ ": build first with ./mvnw -DskipTests package");
	}

}
