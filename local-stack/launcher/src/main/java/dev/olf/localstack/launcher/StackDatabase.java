package dev.olf.localstack.launcher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the services' own databases, as the audit of a fault run needs: what the services
 * hold, not what their APIs say about it.
 */
final class StackDatabase {

	private final LocalStack stack;

	StackDatabase(LocalStack stack) {
		this.stack = stack;
	}

	/**
	 * Runs a query and maps each row.
	 * @param service whose database
	 * @param sql the query, with {@code ?} for the parameters
	 * @param rows maps a row
	 * @param parameters the parameters
	 * @param <T> what a row becomes
	 * @return the rows
	 * @throws IllegalStateException if the database cannot be reached or the query fails
	 */
	<T> List<T> query(Service service, String sql, Row<T> rows, Object... parameters) {
		try (Connection connection = connect(service); PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			List<T> result = new ArrayList<>();
			try (ResultSet resultSet = statement.executeQuery()) {
				while (resultSet.next()) {
					result.add(rows.map(resultSet));
				}
			}
			return result;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(service.database() + ": " + ex.getMessage(), ex);
		}
	}

	long count(Service service, String sql, Object... parameters) {
		return query(service, sql, (row) -> row.getLong(1), parameters).get(0);
	}

	/**
	 * @param service whose database
	 * @return whether a connection can be opened and used
	 */
	boolean isUp(Service service) {
		try (Connection connection = connect(service)) {
			return connection.isValid(5);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	private Connection connect(Service service) throws SQLException {
		// The superuser: the checks read every service's database.
		Map.Entry<String, String> superuser = this.stack.postgresSuperuser();
		return DriverManager.getConnection(this.stack.jdbcUrl(service), superuser.getKey(), superuser.getValue());
	}

	/**
	 * Maps a row of a result.
	 *
	 * @param <T> what it becomes
	 */
	@FunctionalInterface
	interface Row<T> {

		T map(ResultSet row) throws SQLException;

	}

}
