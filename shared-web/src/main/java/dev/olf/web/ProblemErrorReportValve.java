package dev.olf.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.http.MediaType;

/**
 * Tomcat's error report as a problem detail instead of its HTML page, for the requests
 * Tomcat refuses before Spring sees them, e.g. a {@code %00} or {@code []} in the URL.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable failure) {
		int status = response.getStatus();
		if (status < 400 || response.isCommitted() || response.getContentWritten() > 0) {
			return;
		}
		String detail = switch (status) {
			case 400 -> "The request cannot be read: its URL or headers hold characters HTTP does not allow; "
					+ "percent-encode them";
			case 404 -> "No resource at this path";
			default -> "The server could not handle the request";
		};
		byte[] body = Problems.json(status, detail);
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.setContentLength(body.length);
			// The reporter is Tomcat's way to write an error page past a suspended
			// response.
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(new String(body, StandardCharsets.UTF_8));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response was started elsewhere: nothing to
			// report.
		}
	}

}
