package dev.olf.localstack.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Compares a service's request mappings with its OpenAPI document, so that every
 * service's test proves the document the same way: every endpoint a controller maps is in
 * it, and every operation documents the problem details it can answer with.
 */
public final class OpenApiCoverage {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private OpenApiCoverage() {
	}

	/**
	 * @param apiDocs the service's {@code /v3/api-docs}
	 * @param mappings the service's {@code requestMappingHandlerMapping}
	 * @return every mapping of the service's own controllers (springdoc's and Spring
	 * Boot's left out) that the document lacks, as {@code METHOD /path}; empty when it
	 * documents them all
	 */
	public static List<String> undocumented(String apiDocs, RequestMappingHandlerMapping mappings) {
		JsonNode paths = JSON.readTree(apiDocs).path("paths");
		Set<String> missing = new TreeSet<>();
		mappings.getHandlerMethods().forEach((info, handler) -> {
			if (!isOwn(handler)) {
				return;
			}
			for (String path : info.getPatternValues()) {
				JsonNode item = paths.path(openApiPath(path));
				for (String method : methods(info)) {
					if (!item.has(method)) {
						missing.add(method.toUpperCase(Locale.ROOT) + " " + path);
					}
				}
			}
		});
		return List.copyOf(missing);
	}

	/**
	 * @param apiDocs the service's {@code /v3/api-docs}
	 * @return every operation whose 400 answer is not documented as an
	 * {@code application/problem+json} problem detail, as {@code METHOD /path}
	 */
	public static List<String> withoutProblemDetails(String apiDocs) {
		List<String> without = new ArrayList<>();
		JSON.readTree(apiDocs).path("paths").properties().forEach((path) -> {
			path.getValue().properties().forEach((operation) -> {
				JsonNode problem = operation.getValue()
					.path("responses")
					.path("400")
					.path("content")
					.path("application/problem+json");
				if (!problem.path("schema").path("$ref").asString("").endsWith("/Problem")
						|| problem.path("example").path("detail").asString("").isBlank()) {
					without.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
				}
			});
		});
		return without;
	}

	private static boolean isOwn(HandlerMethod handler) {
		return handler.getBeanType().getPackageName().startsWith("dev.olf.");
	}

	/**
	 * {@code /api/orders/{id:[0-9a-f-]+}} as OpenAPI writes it: {@code /api/orders/{id}}.
	 */
	private static String openApiPath(String pattern) {
		return pattern.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
	}

	private static List<String> methods(RequestMappingInfo info) {
		Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
		if (methods.isEmpty()) {
			// Any method: the document must have it for at least GET.
			return List.of("get");
		}
		return methods.stream().map((method) -> method.name().toLowerCase(Locale.ROOT)).toList();
	}

}
