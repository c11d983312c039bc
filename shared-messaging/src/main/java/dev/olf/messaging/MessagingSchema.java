package dev.olf.messaging;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * Applies the library's own tables (outbox, inbox) whenever the service's Flyway
 * migrates. They keep a history table of their own, so library and service versions never
 * collide and either can add migrations without knowing the other's.
 */
class MessagingSchema implements Callback {

	static final String LOCATION = "classpath:dev/olf/messaging/db";

	static final String HISTORY_TABLE = "messaging_schema_history";

	@Override
	public boolean supports(Event event, Context context) {
		return event == Event.AFTER_MIGRATE;
	}

	@Override
	public boolean canHandleInTransaction(Event event, Context context) {
		return false;
	}

	@Override
	public void handle(Event event, Context context) {
		Configuration service = context.getConfiguration();
		Flyway.configure(service.getClassLoader())
			.dataSource(service.getDataSource())
			.schemas(service.getSchemas())
			.table(HISTORY_TABLE)
			.locations(LOCATION)
			// The service's own tables are already there; start this history below V1.
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

	@Override
	public String getCallbackName() {
		return "olf-messaging-schema";
	}

}
