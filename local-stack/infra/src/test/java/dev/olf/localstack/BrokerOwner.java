package dev.olf.localstack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A JVM that owns a broker and does nothing else, for the test that kills it.
 */
final class BrokerOwner {

	private BrokerOwner() {
	}

	public static void main(String[] args) throws InterruptedException {
		new KafkaBroker(Integer.parseInt(args[0]), Path.of(args[1])).start();
		new CountDownLatch(1).await();
	}

}
