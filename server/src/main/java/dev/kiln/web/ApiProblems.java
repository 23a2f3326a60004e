package dev.kiln.web;

import dev.kiln.domain.Conflict;
import dev.kiln.domain.InvalidParameter;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.NotFound;
import dev.kiln.domain.PayloadTooLarge;
import dev.kiln.domain.TooManyRequests;
import dev.kiln.domain.Violation;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.data.core.PropertyReferenceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into an RFC 9457 problem detail. Caller mistakes become 4xx answers that name the
 * field and the reason (in {@code errors}); anything else is a 500 whose detail says nothing about Kiln's
 * insides — the stack trace goes to the log, never to the caller.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(InvalidParameter.class)
    ResponseEntity<ProblemDetail> invalidParameter(InvalidParameter e) {
        var body = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", describe(e.violations()));
        body.setProperty("errors", e.violations());
        return ResponseEntity.badRequest().body(body);
    }

    @ExceptionHandler(InvalidRequest.class)
    ProblemDetail invalid(InvalidRequest e) {
        ProblemDetail body = invalid(e.violations());
        e.properties().forEach(body::setProperty);
        return body;
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(Conflict.class)
    ProblemDetail conflict(Conflict e) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
    }

    @ExceptionHandler(TooManyRequests.class)
    ResponseEntity<ProblemDetail> tooMany(TooManyRequests e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, e.retryAfter().toSeconds())))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests", e.getMessage()));
    }

    @ExceptionHandler(PayloadTooLarge.class)
    ProblemDetail tooLarge(PayloadTooLarge e) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large", e.getMessage());
    }

    @ExceptionHandler(PropertyReferenceException.class)
    ResponseEntity<ProblemDetail> unknownProperty(PropertyReferenceException e) {
        var violation = new Violation("sort", "no property '" + e.getPropertyName() + "' to sort by");
        var body = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", violation.toString());
        body.setProperty("errors", List.of(violation));
        return ResponseEntity.badRequest().body(body);
    }

    /** A multipart body that cannot be read (truncated, no boundary, broken part headers). */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> unreadableMultipart(MultipartException e) {
        return ResponseEntity.badRequest().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                        "the multipart body could not be read; send a complete multipart/form-data request"));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected failure while serving a request", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "Kiln failed to complete the request; the error is logged on the server.");
    }

    /** A body that breaks a rule is a 422; query parameters bound to an object (paging) that do are a 400. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var violations = e.getBindingResult().getAllErrors().stream()
                .map(error -> new Violation(error instanceof FieldError f ? JsonBodies.fieldPath(f.getField())
                        : error.getObjectName(),
                        error instanceof FieldError f && f.isBindingFailure() ? "cannot read '" + f.getRejectedValue()
                                + "'" : error.getDefaultMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        if (!e.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.RequestBody.class)) {
            var body = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", describe(violations));
            body.setProperty("errors", violations);
            return ResponseEntity.badRequest().body(body);
        }
        return ResponseEntity.unprocessableContent().body(invalid(violations));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var violations = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new Violation(result.getMethodParameter().getParameterName(),
                                error.getDefaultMessage())))
                .toList();
        var body = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", describe(violations));
        body.setProperty("errors", violations);
        return ResponseEntity.badRequest().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var reading = JsonReadingProblem.of(e);
        if (reading.violation().isPresent()) {
            return ResponseEntity.unprocessableContent().body(invalid(List.of(reading.violation().get())));
        }
        return ResponseEntity.badRequest()
                .body(problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", reading.detail()));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = e.getPropertyName();
        if (e instanceof MethodArgumentTypeMismatchException m && m.getParameter().hasParameterAnnotation(
                org.springframework.web.bind.annotation.PathVariable.class)) {
            // an id that cannot even be parsed names nothing that could exist
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem(HttpStatus.NOT_FOUND, "not-found",
                    "Not found", "no resource with id " + e.getValue()));
        }
        var violation = new Violation(name, "cannot read '" + e.getValue() + "' as "
                + (e.getRequiredType() == null ? "the expected type" : e.getRequiredType().getSimpleName()));
        var body = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", violation.toString());
        body.setProperty("errors", List.of(violation));
        return ResponseEntity.badRequest().body(body);
    }

    /** A required multipart part is missing: the body lacks a field, as a JSON body would (422). */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(
            org.springframework.web.multipart.support.MissingServletRequestPartException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return ResponseEntity.unprocessableContent().body(invalid(List.of(new Violation(e.getRequestPartName(),
                "is required: send it as the multipart part '" + e.getRequestPartName() + "'"))));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            org.springframework.web.bind.MissingServletRequestParameterException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        var violation = new Violation(e.getParameterName(), "is required");
        var body = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", violation.toString());
        body.setProperty("errors", List.of(violation));
        return ResponseEntity.badRequest().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String limit = e.getMaxUploadSize() > 0 ? " of " + e.getMaxUploadSize() + " bytes" : "";
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(problem(HttpStatus.PAYLOAD_TOO_LARGE,
                "payload-too-large", "Payload too large",
                "the upload is larger than the limit" + limit + " (kiln.datasets.max-upload-size)"));
    }

    private static ProblemDetail invalid(List<Violation> violations) {
        var body = problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request", "Invalid request",
                describe(violations));
        body.setProperty("errors", violations);
        return body;
    }

    private static String describe(List<Violation> violations) {
        return String.join("; ", violations.stream().map(Violation::toString).toList());
    }

    static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        var body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create("urn:kiln:problem:" + slug));
        body.setTitle(title);
        return body;
    }
}
