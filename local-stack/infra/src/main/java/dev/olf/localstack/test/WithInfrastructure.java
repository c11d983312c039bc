package dev.olf.localstack.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test's Kafka and data source at the
 * {@linkplain dev.olf.localstack.TestInfrastructure shared test infrastructure}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface WithInfrastructure {

	/**
	 * The database the test uses, created if missing. Give each test class its own unless
	 * it means to share state.
	 * @return the database name
	 */
	String database();

}
