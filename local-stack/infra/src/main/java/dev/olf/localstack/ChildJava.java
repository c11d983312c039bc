package dev.olf.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.jspecify.annotations.Nullable;

/**
 * Commands that run a main class in a new JVM on this JVM's own classpath, so a child
 * process gets exactly the Kafka this JVM was built with, without resolving artifacts
 * again.
 * <p>
 * Two shapes of classpath are met: a list of jars and folders (Maven's test runs, an
 * IDE), and the launcher's Spring Boot executable jar, whose libraries are nested inside
 * it and which {@code PropertiesLauncher} can start with any main class.
 */
final class ChildJava {

	private static final String SPRING_BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	private ChildJava() {
	}

	/**
	 * The command up to and including the main class; the caller adds the arguments.
	 * @param jvmOptions options for the new JVM
	 * @param mainClass the class whose {@code main} runs
	 * @return the command
	 */
	static List<String> command(List<String> jvmOptions, String mainClass) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		List<Path> classPath = classPath();
		if (classPath.size() == 1 && isSpringBootJar(classPath.get(0))) {
			command.addAll(
					List.of("-cp", classPath.get(0).toString(), "-Dloader.main=" + mainClass, SPRING_BOOT_LAUNCHER));
		}
		else {
			command.addAll(List.of("-cp", String.join(File.pathSeparator, expanded(classPath)), mainClass));
		}
		return command;
	}

	private static List<Path> classPath() {
		List<Path> entries = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			if (!entry.isBlank()) {
				entries.add(Path.of(entry).toAbsolutePath());
			}
		}
		return entries;
	}

	private static boolean isSpringBootJar(Path path) {
		Manifest manifest = manifest(path);
		return manifest != null && manifest.getMainAttributes().getValue("Spring-Boot-Lib") != null;
	}

	/**
	 * Surefire runs tests from a jar that holds only a manifest naming the real
	 * classpath, and deletes it when the tests end; the child gets the real entries
	 * instead.
	 */
	private static List<String> expanded(List<Path> classPath) {
		List<String> entries = new ArrayList<>();
		for (Path entry : classPath) {
			entries.add(entry.toString());
			Manifest manifest = manifest(entry);
			String referenced = (manifest != null) ? manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH)
					: null;
			if (referenced != null) {
				URI base = entry.toUri();
				for (String reference : referenced.trim().split("\\s+")) {
					entries.add(Path.of(base.resolve(reference)).toString());
				}
			}
		}
		return entries;
	}

	private static @Nullable Manifest manifest(Path path) {
		if (!Files.isRegularFile(path)) {
			return null;
		}
		try (JarFile jar = new JarFile(path.toFile())) {
			return jar.getManifest();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the classpath entry " + path, ex);
		}
	}

}
