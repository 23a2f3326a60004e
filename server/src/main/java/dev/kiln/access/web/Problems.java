package dev.kiln.access.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Refusals of the security layer as problem+json, like every other error Kiln answers. */
final class Problems {
    private final JsonMapper json;

    Problems(JsonMapper json) {
        this.json = json;
    }

    void unauthorized(HttpServletResponse response, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"kiln\"");
        write(response, HttpStatus.UNAUTHORIZED, "unauthorized", detail);
    }

    void forbidden(HttpServletResponse response, String detail) throws IOException {
        write(response, HttpStatus.FORBIDDEN, "forbidden", detail);
    }

    private void write(HttpServletResponse response, HttpStatus status, String slug, String detail)
            throws IOException {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create("urn:kiln:problem:" + slug));
        body.setTitle(status.getReasonPhrase());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(body));
    }
}
