package dev.olf.localstack.test;

import com.tngtech.archunit.lang.ArchRule;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Rules every service's architecture test applies, so that they are written once.
 */
public final class ArchitectureRules {

	/**
	 * HTTP statuses and problem details belong to controllers: aggregates, listeners and
	 * services refuse a request with the exceptions of {@code dev.olf.domain}, which
	 * {@code shared-web} maps to statuses in one place.
	 */
	public static final ArchRule HTTP_TYPES_ONLY_IN_WEB_CODE = noClasses().that()
		.areNotAnnotatedWith(RestController.class)
		.and()
		.areNotAnnotatedWith(RestControllerAdvice.class)
		.and()
		.resideOutsideOfPackages("dev.olf.web..", "dev.olf.localstack..")
		.should()
		.dependOnClassesThat()
		.belongToAnyOf(HttpStatus.class, HttpStatusCode.class, ProblemDetail.class, ResponseStatusException.class,
				ErrorResponseException.class)
		.because("a status code is the web layer's business; the domain throws dev.olf.domain exceptions");

	private ArchitectureRules() {
	}

}
