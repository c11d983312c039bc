package dev.olf.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The people who may log in, e.g. to the dashboard.
 *
 * @param user the one local user; its password is a local-development default in
 * {@code application.yml}, to be replaced through {@code OLF_AUTH_USER_PASSWORD} (or by
 * pointing the services at a real identity provider)
 */
@ConfigurationProperties("olf.auth")
record AuthProperties(User user) {

	/**
	 * @param name the login name
	 * @param password the password in clear text, encoded at start
	 */
	record User(String name, String password) {
	}

}
