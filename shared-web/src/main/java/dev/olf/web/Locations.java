package dev.olf.web;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code Location} values for the resources a request created. They are relative
 * references (RFC 9110, section 10.2.2: the client resolves them against the URL it
 * asked), never built from the request's {@code Host} or {@code X-Forwarded-*} headers:
 * those are whatever the client sent, and an answer that echoes
 * {@code Host: evil.example} as {@code Location: http://evil.example/...} sends the next
 * request, and a cache that keeps it, to another server.
 */
public final class Locations {

	private Locations() {
	}

	/**
	 * @param path the resource's path below the application, e.g.
	 * {@code /api/orders/{id}}
	 * @param variables the values of the path's variables, in order; encoded as needed
	 * @return the path from the server's root, e.g. {@code /api/orders/3fa85f64-...}
	 */
	public static URI of(String path, Object... variables) {
		return UriComponentsBuilder.fromPath(contextPath()).path(path).buildAndExpand(variables).encode().toUri();
	}

	private static String contextPath() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			return request.getContextPath();
		}
		return "";
	}

}
