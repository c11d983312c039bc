package dev.olf.localstack.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FaultRunTest {

	@TempDir
	Path data;

	@Test
	void discardsKafkasAndPostgresqlsDataAndKeepsTheLogs() throws IOException {
		Files.createDirectories(this.data.resolve("kafka/orders-0"));
		Files.writeString(this.data.resolve("kafka/orders-0/00000000000000000000.log"), "records");
		Files.createDirectories(this.data.resolve("postgres/base"));
		Files.writeString(this.data.resolve("postgres/base/1"), "pages");
		Files.createDirectories(this.data.resolve("logs"));
		Files.writeString(this.data.resolve("logs/order-service-1.log"), "what happened");

		FaultRun.discardData(this.data);

		assertThat(this.data.resolve("kafka")).doesNotExist();
		assertThat(this.data.resolve("postgres")).doesNotExist();
		assertThat(this.data.resolve("logs/order-service-1.log")).hasContent("what happened");
		// Twice is harmless: a run that failed before its stack wrote anything.
		FaultRun.discardData(this.data);
	}

}
