package dev.olf.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Which scope a token needs for which of a service's endpoints: each service declares one
 * bean of these, and {@link ApiSecurity} turns it into the service's filter chain. Reads
 * are {@code GET} and {@code HEAD}; writes every other method. What every service shares
 * is added by {@link ApiSecurity}: health is open, {@code /api/admin/**} and the actuator
 * need {@code admin}, {@code /actuator/prometheus} {@code metrics:read}. A path no rule
 * names is refused to every token, so a new endpoint without a rule is closed rather than
 * open.
 */
public final class AccessRules {

	/** Admin endpoints (dead letters, rebuilds) and the actuator beyond health. */
	public static final String ADMIN = "admin";

	/** Prometheus' scrape of {@code /actuator/prometheus}. */
	public static final String METRICS_READ = "metrics:read";

	private final List<Rule> rules;

	private AccessRules(List<Rule> rules) {
		this.rules = List.copyOf(rules);
	}

	/**
	 * @return rules to add to
	 */
	public static AccessRules builder() {
		return new AccessRules(List.of());
	}

	/**
	 * @param pattern a path pattern, e.g. {@code /api/customers/**}
	 * @param scope the scope {@code GET} and {@code HEAD} requests need
	 * @return these rules and the new one
	 */
	public AccessRules read(String pattern, String scope) {
		return with(new Rule(pattern, true, scope));
	}

	/**
	 * @param pattern a path pattern, e.g. {@code /api/customers/**}
	 * @param scope the scope every other method needs
	 * @return these rules and the new one
	 */
	public AccessRules write(String pattern, String scope) {
		return with(new Rule(pattern, false, scope));
	}

	private AccessRules with(Rule rule) {
		List<Rule> rules = new ArrayList<>(this.rules);
		rules.add(rule);
		return new AccessRules(rules);
	}

	List<Rule> rules() {
		return this.rules;
	}

	/**
	 * @param request a request
	 * @return the scope it needs, if a rule names it
	 */
	Optional<String> scopeFor(HttpServletRequest request) {
		return this.rules.stream().filter((rule) -> rule.matches(request)).map(Rule::scope).findFirst();
	}

	record Rule(String pattern, boolean read, String scope) {

		boolean matches(HttpServletRequest request) {
			return isRead(request.getMethod()) == this.read
					&& PathPatternRequestMatcher.withDefaults().matcher(this.pattern).matches(request);
		}

		static boolean isRead(@Nullable String method) {
			return HttpMethod.GET.matches(String.valueOf(method)) || HttpMethod.HEAD.matches(String.valueOf(method));
		}

	}

}
