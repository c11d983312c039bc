package dev.olf.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads it, a request body the APIs cannot take: one larger than
 * {@link #MAX_BODY_BYTES} (413, whether it says its length or streams it), and one whose
 * content type is not JSON or is a wildcard such as {@code application/*} (415), which
 * would otherwise reach Spring MVC as a server error. Every API of this project reads
 * JSON only.
 */
public class RequestGuard extends OncePerRequestFilter {

	/** The largest request body any API accepts. */
	public static final int MAX_BODY_BYTES = 1024 * 1024;

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > MAX_BODY_BYTES) {
			Problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "The request body has "
					+ request.getContentLengthLong() + " bytes; at most " + MAX_BODY_BYTES + " are accepted");
			return;
		}
		String contentType = request.getContentType();
		// Not only with a body: a multipart or form type alone makes the servlet parse
		// it.
		if (contentType != null && !isJson(contentType)) {
			Problems.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"The request body must be application/json, not '" + contentType + "'");
			return;
		}
		boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
		chain.doFilter(hasBody ? new Limited(request) : request, response);
	}

	private static boolean isJson(String contentType) {
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return !type.isWildcardType() && !type.isWildcardSubtype()
					&& (MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json"));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/**
	 * A body streamed without a length stops being read at the limit.
	 */
	static final class BodyTooLargeException extends IOException {

		BodyTooLargeException() {
			super("The request body is larger than " + MAX_BODY_BYTES + " bytes, the most that is accepted");
		}

	}

	private static final class Limited extends HttpServletRequestWrapper {

		private Limited(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			ServletInputStream body = super.getInputStream();
			return new ServletInputStream() {

				private long read;

				@Override
				public int read() throws IOException {
					int b = body.read();
					if (b >= 0) {
						count(1);
					}
					return b;
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					int n = body.read(buffer, offset, length);
					if (n > 0) {
						count(n);
					}
					return n;
				}

				private void count(int n) throws BodyTooLargeException {
					this.read += n;
					if (this.read > MAX_BODY_BYTES) {
						throw new BodyTooLargeException();
					}
				}

				@Override
				public boolean isFinished() {
					return body.isFinished();
				}

				@Override
				public boolean isReady() {
					return body.isReady();
				}

				@Override
				public void setReadListener(ReadListener listener) {
					body.setReadListener(listener);
				}

			};
		}

	}

}
