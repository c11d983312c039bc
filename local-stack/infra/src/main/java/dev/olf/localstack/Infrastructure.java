package dev.olf.localstack;

/**
 * Kafka and PostgreSQL for tests, wherever they run.
 */
public interface Infrastructure {

	String kafkaBootstrapServers();

	/**
	 * The JDBC URL of a database, created on first use so that test classes do not share
	 * state through it.
	 * @param database the database name
	 * @return the URL
	 */
	String jdbcUrl(String database);

	String username();

	String password();

	/**
	 * Makes the broker unreachable, to test what happens while Kafka is down.
	 */
	void stopKafka();

	/**
	 * Brings the broker back on the same address with its data.
	 */
	void startKafka();

}
