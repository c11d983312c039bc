package dev.olf.web;

import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.olf.domain.ConflictException;
import dev.olf.domain.DomainException;
import dev.olf.domain.NotFoundException;
import dev.olf.domain.RuleViolationException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as an RFC 9457 problem detail whose {@code detail} names the field
 * or parameter and says what to fix, in the project's words ({@link RequestWording})
 * rather than Spring's or Jackson's, which name Java types ("Failed to convert 'id' with
 * value...", "Cannot deserialize value of type `java.util.UUID`"). The one place where an
 * exception becomes a status: the domain's refusals ({@link DomainException}), a
 * controller's unreadable parameter ({@link BadRequestException}), and Spring MVC's own
 * errors (through {@link ResponseEntityExceptionHandler}).
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> error.getField() + " " + error.getDefaultMessage())
			.sorted()
			.collect(Collectors.joining("; "));
		ProblemDetail problem = ex.getBody();
		problem.setDetail(detail.isEmpty() ? "The request body is invalid" : detail);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (causedBy(ex, RequestGuard.BodyTooLargeException.class)) {
			HttpStatusCode tooLarge = HttpStatus.CONTENT_TOO_LARGE;
			return handleExceptionInternal(ex, ProblemDetail.forStatusAndDetail(tooLarge, rootMessage(ex)), headers,
					tooLarge, request);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, RequestWording.unreadableBody(ex));
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException argument) ? argument.getName()
				: String.valueOf(ex.getPropertyName());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				RequestWording.mismatch(name, ex.getRequiredType(), ex.getValue()));
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMissingServletRequestParameter(
			MissingServletRequestParameterException ex, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				ex.getParameterName() + " is required: add ?" + ex.getParameterName() + "=... to the URL");
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = (ex instanceof MissingRequestHeaderException header)
				? "The header " + header.getHeaderName() + " is required" : "The request lacks a required part";
		return handleExceptionInternal(ex, ProblemDetail.forStatusAndDetail(status, detail), headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> result.getMethodParameter().getParameterName() + " " + error.getDefaultMessage()))
			.sorted()
			.collect(Collectors.joining("; "));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				detail.isEmpty() ? "A parameter of the request is invalid" : detail);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	/**
	 * The domain refused the request; each kind of refusal has its status here and
	 * nowhere else.
	 * @param ex what the domain said
	 * @return 404, 409 or 422 with the domain's words as the detail
	 */
	@ExceptionHandler(DomainException.class)
	ProblemDetail handleDomainException(DomainException ex) {
		HttpStatus status = switch (ex) {
			case NotFoundException notFound -> HttpStatus.NOT_FOUND;
			case ConflictException conflict -> HttpStatus.CONFLICT;
			case RuleViolationException violation -> HttpStatus.UNPROCESSABLE_CONTENT;
		};
		return ProblemDetail.forStatusAndDetail(status, ex.getMessage());
	}

	/**
	 * A controller could not read a parameter.
	 * @param ex what it said
	 * @return 400 with its words as the detail
	 */
	@ExceptionHandler(BadRequestException.class)
	ProblemDetail handleBadRequest(BadRequestException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	/**
	 * Anything no other handler knows: a 500 that still speaks problem details and gives
	 * nothing of the inside away; the log has the rest.
	 * @param ex the failure
	 * @return 500
	 */
	@ExceptionHandler(Exception.class)
	ProblemDetail handleUnexpected(Exception ex) {
		logger.error("Request failed", ex);
		return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The server could not handle the request; the failure is logged");
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = String.valueOf(cause.getMessage());
		int newline = message.indexOf('\n');
		return (newline > 0) ? message.substring(0, newline) : message;
	}

}
