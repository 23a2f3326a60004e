package dev.kiln.web;

import java.io.IOException;
import java.io.PrintWriter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error answers — a request it refuses before Spring sees it (an encoded slash in the path, a malformed
 * request line, headers too large) — as problem+json like every other error, instead of Tomcat's HTML page.
 */
public class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = status == 400 ? "the request could not be read (its path, headers or body are malformed)"
                : title.toLowerCase(java.util.Locale.ROOT);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"urn:kiln:problem:" + (status == 400 ? "malformed-request" : "http-" + status)
                        + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response was committed meanwhile: nothing more to say
        }
    }
}
