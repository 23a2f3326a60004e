package dev.kiln.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that happen outside the controllers — in a filter, in the servlet container, a dispatch to the error path —
 * answered as problem+json too: the error path is this controller, and Tomcat reports its own refusals with
 * {@link ProblemReportValve}.
 */
@Configuration
class ErrorAnswers {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReports() {
        return factory -> factory.addContextCustomizers(context -> ((org.apache.catalina.core.StandardHost) context.getParent())
                .setErrorReportValveClass(ProblemReportValve.class.getName()));
    }

    @io.swagger.v3.oas.annotations.Hidden
    @RestController
    static class ErrorPath implements ErrorController {

        @RequestMapping(value = "${server.error.path:/error}", produces = {"application/problem+json",
                "application/json", "*/*"})
        ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null ? HttpStatus.resolve(c)
                    : HttpStatus.INTERNAL_SERVER_ERROR;
            ProblemDetail body = ProblemDetail.forStatusAndDetail(status, status.is5xxServerError()
                    ? "Kiln failed to complete the request; the error is logged on the server."
                    : status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT));
            body.setType(URI.create("urn:kiln:problem:" + (status.is5xxServerError() ? "internal-error"
                    : "http-" + status.value())));
            body.setTitle(status.getReasonPhrase());
            Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            if (path instanceof String uri) {
                body.setInstance(URI.create(uri.replaceAll("[^\\x21-\\x7e]", "")));
            }
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
        }
    }
}
