package dev.olf.localstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The same infrastructure on Docker, for people who prefer the official images. Kafka is
 * "stopped" by pausing its container, so that it comes back on the same mapped port.
 */
final class ContainerInfrastructure implements Infrastructure {

	private final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.2.1");

	private final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17");

	ContainerInfrastructure() {
		this.kafka.start();
		this.postgres.start();
	}

	@Override
	public String kafkaBootstrapServers() {
		return this.kafka.getBootstrapServers();
	}

	@Override
	public synchronized String jdbcUrl(String database) {
		try (Connection connection = DriverManager.getConnection(this.postgres.getJdbcUrl(), username(), password());
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + database);
		}
		catch (SQLException ex) {
			if (!"42P04".equals(ex.getSQLState())) {
				throw new IllegalStateException("Could not create database " + database, ex);
			}
		}
		return "jdbc:postgresql://" + this.postgres.getHost() + ":" + this.postgres.getFirstMappedPort() + "/"
				+ database;
	}

	@Override
	public String username() {
		return this.postgres.getUsername();
	}

	@Override
	public String password() {
		return this.postgres.getPassword();
	}

	@Override
	public void stopKafka() {
		this.kafka.getDockerClient().pauseContainerCmd(this.kafka.getContainerId()).exec();
	}

	@Override
	public void startKafka() {
		this.kafka.getDockerClient().unpauseContainerCmd(this.kafka.getContainerId()).exec();
	}

}
