package dev.olf.stats.dashboard;

import java.util.List;

import dev.olf.web.AccessRules;
import dev.olf.web.ApiSecurity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The dashboard is for people: a browser without a session is sent to the authorization
 * server's login (OAuth2 login, authorization code with PKCE) and this service keeps the
 * tokens in the session, so the page itself never holds one. The session's scopes are
 * those the person was granted ({@code stats:read}), checked by the same rules as a
 * bearer token's, which machine clients still send. The session cookie is SameSite and
 * every state-changing request made with it needs a CSRF token; the page, its scripts and
 * Chart.js come from this service alone, which its Content-Security-Policy states.
 */
@Configuration(proxyBeanMethods = false)
class DashboardSecurity {

	/**
	 * The registration of {@code spring.security.oauth2.client} the dashboard logs in
	 * with.
	 */
	static final String REGISTRATION = "olf";

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
			+ "base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

	@Bean
	AccessRules accessRules() {
		return AccessRules.builder()
			.read("/", "stats:read")
			.read("/index.html", "stats:read")
			.read("/api/stats/**", "stats:read");
	}

	@Bean
	SecurityFilterChain dashboard(HttpSecurity http, AccessRules rules) throws Exception {
		List<RequestMatcher> assets = List.of(PathPatternRequestMatcher.withDefaults().matcher("/dashboard.css"),
				PathPatternRequestMatcher.withDefaults().matcher("/dashboard.js"),
				PathPatternRequestMatcher.withDefaults().matcher("/webjars/**"));
		ApiSecurity.resourceServer(http, rules, assets)
			.oauth2Login((login) -> login.defaultSuccessUrl("/", true))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(loginOrProblem()))
			// Only a request that comes with the session (its cookie, which a browser
			// sends
			// on its own) must show the CSRF token; one with a bearer token or without a
			// session carries no ambient credentials, and the latter gets the API's 401.
			.csrf((csrf) -> csrf.ignoringRequestMatchers(
					(request) -> request.getHeader("Authorization") != null || request.getSession(false) == null))
			.headers(
					(headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
		return http.build();
	}

	/**
	 * A person opening the page logs in; a script or client without a token gets the
	 * API's 401.
	 */
	private static AuthenticationEntryPoint loginOrProblem() {
		MediaTypeRequestMatcher page = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		page.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
		AuthenticationEntryPoint login = new LoginUrlAuthenticationEntryPoint("/oauth2/authorization/" + REGISTRATION);
		AuthenticationEntryPoint api = ApiSecurity.authenticationEntryPoint();
		return (request, response, ex) -> (page.matches(request) ? login : api).commence(request, response, ex);
	}

}
