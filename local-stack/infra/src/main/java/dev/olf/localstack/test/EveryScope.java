package dev.olf.localstack.test;

import java.util.List;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * For a MockMvc test that is about something else than security: every request carries a
 * token with every scope, as the machine client {@code olf-local} would send. The
 * services' scopes themselves are tested by the auth matrix on the running system.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EveryScope {

	/** Every scope the authorization server knows. */
	public static final List<String> SCOPES = List.of("customers:read", "customers:write", "catalogue:read",
			"catalogue:write", "orders:read", "orders:write", "stats:read", "metrics:read", "admin");

	@Bean
	MockMvcBuilderCustomizer tokenWithEveryScope() {
		return (builder) -> builder.defaultRequest(get("/").with(jwt().authorities(SCOPES.stream()
			.map((scope) -> (GrantedAuthority) new SimpleGrantedAuthority("SCOPE_" + scope))
			.toList())));
	}

}
