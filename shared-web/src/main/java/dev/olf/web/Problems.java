package dev.olf.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes an RFC 9457 problem detail where Spring MVC's advice cannot: in a filter before
 * the dispatcher, or in Tomcat's error report for a request it refused itself.
 */
final class Problems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Problems() {
	}

	static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
		byte[] body = json(status.value(), detail);
		response.resetBuffer();
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	/**
	 * @param status the status; its reason phrase is the title
	 * @param detail what to fix
	 * @return the problem detail as UTF-8 JSON
	 */
	static byte[] json(int status, String detail) {
		HttpStatus known = HttpStatus.resolve(status);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", (known != null) ? known.getReasonPhrase() : "Error");
		problem.put("status", status);
		problem.put("detail", detail);
		return JSON.writeValueAsBytes(problem);
	}

}
