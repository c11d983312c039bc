package dev.olf.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;

/**
 * The OpenAPI document of every service ({@code /v3/api-docs}, Swagger UI at
 * {@code /swagger-ui.html}), set up once for all four: springdoc finds the endpoints, and
 * this adds what it cannot see, the problem details ({@code application/problem+json})
 * that {@link ProblemDetailsAdvice}, {@link RequestGuard} and {@link PageParameters}
 * answer with, and the {@value #BEARER_JWT} security scheme that operations requiring a
 * token name. The springdoc settings themselves are in {@code service-defaults.yml}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ OpenAPI.class, OpenApiCustomizer.class })
public class ApiDocumentation {

	/** The security scheme of a bearer token (a JWT from the authorization server). */
	public static final String BEARER_JWT = "bearer-jwt";

	/** The schema of an RFC 9457 problem detail. */
	public static final String PROBLEM = "Problem";

	private static final String PROBLEM_JSON = "application/problem+json";

	@Bean
	@ConditionalOnMissingBean
	OpenAPI openApi(Environment environment) {
		String name = environment.getProperty("spring.application.name", "service");
		return new OpenAPI()
			.info(new Info().title(name)
				.version(environment.getProperty("olf.api.version", "0.1.0"))
				.description("The REST API of " + name + ". Every answer that is not a success is an RFC 9457 "
						+ "problem detail (application/problem+json) whose detail names the field or parameter "
						+ "and says what to fix. The events it publishes and consumes are described in "
						+ "/asyncapi.yaml.")
				.license(new License().name("Apache-2.0")))
			.components(new Components().addSchemas(PROBLEM, problemSchema())
				.addSecuritySchemes(BEARER_JWT,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("An access token from the authorization server")));
	}

	/**
	 * Adds the problem-detail answers to every operation, by what the operation can be
	 * refused for, unless the operation documents that status itself.
	 * @return the customizer springdoc applies to the document
	 */
	@Bean
	OpenApiCustomizer problemDetailResponses() {
		return (openApi) -> {
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
				ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses()
						: new ApiResponses();
				problems(path, method, operation).forEach(responses::putIfAbsent);
				operation.setResponses(responses);
			}));
		};
	}

	private static Map<String, ApiResponse> problems(String path, PathItem.HttpMethod method, Operation operation) {
		Map<String, ApiResponse> problems = new LinkedHashMap<>();
		problems.put("400",
				problem(HttpStatus.BAD_REQUEST,
						"The request cannot be read: a malformed id, parameter "
								+ "or body. The detail names the field and says what to send.",
						"lines[0].quantity must be a whole number up to 2147483647, was 'many'"));
		if (path.contains("{")) {
			problems.put("404", problem(HttpStatus.NOT_FOUND, "Nothing has this id.",
					"No order with id 3fa85f64-5717-4562-b3fc-2c963f66afa6"));
		}
		boolean changes = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD
				&& method != PathItem.HttpMethod.OPTIONS;
		if (changes) {
			problems.put("409", problem(HttpStatus.CONFLICT, "The request clashes with the current state.",
					"A customer with email ada@example.com is already registered"));
			problems.put("422", problem(HttpStatus.UNPROCESSABLE_CONTENT,
					"The rules refuse the request however often it is sent.", "Unknown product MUG-9"));
		}
		if (operation.getRequestBody() != null) {
			problems.put("413", problem(HttpStatus.CONTENT_TOO_LARGE, "The body is larger than 1 MB.",
					"The request body has 2000000 bytes; at most 1048576 are accepted"));
			problems.put("415", problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The body is not application/json.",
					"The request body must be application/json, not 'text/plain'"));
		}
		return problems;
	}

	private static ApiResponse problem(HttpStatus status, String description, String detail) {
		Map<String, Object> example = new LinkedHashMap<>();
		example.put("type", "about:blank");
		example.put("title", status.getReasonPhrase());
		example.put("status", status.value());
		example.put("detail", detail);
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)).example(example)));
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("An RFC 9457 problem detail")
			.addProperty("type", new StringSchema().format("uri").example("about:blank"))
			.addProperty("title", new StringSchema().description("The status's reason phrase").example("Bad Request"))
			.addProperty("status", new IntegerSchema().example(400))
			.addProperty("detail",
					new StringSchema().description("What is wrong and what to fix")
						.example("name must be plain text on one line: remove control characters such as line breaks, "
								+ "tabs or NUL"))
			.addProperty("instance", new StringSchema().format("uri-reference").example("/api/customers"));
	}

}
