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

	/**
	 * Whether the services' tokens come from a real {@link AuthServer}, for a test that
	 * calls over HTTP or logs in with a browser; otherwise nothing answers at the issuer.
	 * @return whether to start the authorization server
	 */
	boolean authServer() default false;

}
