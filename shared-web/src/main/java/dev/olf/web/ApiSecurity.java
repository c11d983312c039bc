package dev.olf.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every service's API as an OAuth2 resource server: a bearer token (JWT) from the
 * authorization server on every request but health and the API documents, the scopes of
 * the service's {@link AccessRules}, and refusals as problem details like every other
 * error (401 for a missing, expired or foreign token, 403 for a token without the scope),
 * with the {@code WWW-Authenticate} header RFC 6750 asks for. The decoder comes from
 * Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*}, so any OpenID
 * Connect issuer can take the place of the project's auth-service.
 */
public final class ApiSecurity {

	/**
	 * Where the API documents are (shared-web's {@code ApiDocumentation},
	 * shared-messaging's contract).
	 */
	static final String[] API_DOCUMENTATION = { "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
			"/asyncapi.yaml", "/schemas/*" };

	private ApiSecurity() {
	}

	/**
	 * A stateless API: no session, no CSRF token (a token in the {@code Authorization}
	 * header is nothing a browser sends on its own, so a cross-site form post carries no
	 * credentials).
	 * @param http the chain to configure
	 * @param rules the service's rules
	 * @return the chain, to build or configure further
	 * @throws Exception from Spring Security's configurers
	 */
	public static HttpSecurity statelessApi(HttpSecurity http, AccessRules rules) throws Exception {
		return resourceServer(http, rules, List.of())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(authenticationEntryPoint()));
	}

	/**
	 * The rules and refusals of a resource server, for a service that adds more (a login
	 * for a page): {@code open} requests need no token.
	 * @param http the chain to configure
	 * @param rules the service's rules
	 * @param open what anybody may fetch, e.g. a page's scripts
	 * @return the chain, to configure further
	 * @throws Exception from Spring Security's configurers
	 */
	public static HttpSecurity resourceServer(HttpSecurity http, AccessRules rules, List<RequestMatcher> open)
			throws Exception {
		return http.authorizeHttpRequests((requests) -> authorize(requests, rules, open))
			.oauth2ResourceServer((server) -> server.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(authenticationEntryPoint())
				.accessDeniedHandler(accessDeniedHandler(rules)))
			.exceptionHandling((exceptions) -> exceptions.accessDeniedHandler(accessDeniedHandler(rules)));
	}

	private static void authorize(
			AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests,
			AccessRules rules, List<RequestMatcher> open) {
		requests.requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll();
		// The API's description (OpenAPI, Swagger UI's files, AsyncAPI, event schemas)
		// holds
		// no data: anybody may read it, as anybody may read the README. Every operation
		// it
		// describes needs a token (Swagger UI's "Authorize" takes one).
		requests.requestMatchers(API_DOCUMENTATION).permitAll();
		open.forEach((matcher) -> requests.requestMatchers(matcher).permitAll());
		requests.requestMatchers("/actuator/prometheus")
			.hasAnyAuthority(scope(AccessRules.METRICS_READ), scope(AccessRules.ADMIN));
		requests.requestMatchers("/actuator/**", "/api/admin/**").hasAuthority(scope(AccessRules.ADMIN));
		for (AccessRules.Rule rule : rules.rules()) {
			requests.requestMatchers((request) -> rule.matches(request)).hasAuthority(scope(rule.scope()));
		}
		requests.anyRequest().denyAll();
	}

	private static String scope(String scope) {
		return "SCOPE_" + scope;
	}

	/**
	 * @return 401 with {@code WWW-Authenticate: Bearer ...} and a problem detail
	 */
	public static AuthenticationEntryPoint authenticationEntryPoint() {
		BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
		return (request, response, ex) -> {
			bearer.commence(request, response, ex);
			write(response, HttpStatus.UNAUTHORIZED, unauthorized(ex));
		};
	}

	private static String unauthorized(AuthenticationException ex) {
		if (ex instanceof OAuth2AuthenticationException oauth && oauth.getError().getDescription() != null) {
			return "The bearer token was refused: " + oauth.getError().getDescription()
					+ "; get a new one from the authorization server";
		}
		return "This API needs a bearer token: send 'Authorization: Bearer <token>' with a token from the "
				+ "authorization server (see the README)";
	}

	static AccessDeniedHandler accessDeniedHandler(AccessRules rules) {
		BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
		return (request, response, ex) -> {
			bearer.handle(request, response, ex);
			write(response, HttpStatus.FORBIDDEN, forbidden(request, rules, ex));
		};
	}

	private static String forbidden(HttpServletRequest request, AccessRules rules, AccessDeniedException ex) {
		if (ex instanceof CsrfException) {
			return "A request with the page's session needs its CSRF token; "
					+ "a request from another site is refused";
		}
		String uri = request.getRequestURI();
		if (uri.startsWith("/api/admin/") || (uri.startsWith("/actuator/") && !uri.equals("/actuator/prometheus"))) {
			return "This request needs a token with the scope " + AccessRules.ADMIN;
		}
		if (uri.equals("/actuator/prometheus")) {
			return "This request needs a token with the scope " + AccessRules.METRICS_READ;
		}
		return rules.scopeFor(request)
			.map((scope) -> "This request needs a token with the scope " + scope)
			.orElse("No token may make this request");
	}

	private static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
		if (!response.isCommitted()) {
			Problems.write(response, status, detail);
		}
	}

}
