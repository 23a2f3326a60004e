package dev.kiln.access.web;

import dev.kiln.access.AuditLog;
import dev.kiln.access.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Records every write to the API (POST, PUT, PATCH, DELETE under /api) in the audit log, with its answer's status. */
final class AuditFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final AuditLog audit;

    AuditFilter(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !WRITES.contains(request.getMethod()) || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            Caller caller = authentication != null && authentication.getPrincipal() instanceof Caller c ? c : null;
            try {
                audit.record(caller, request.getMethod(), request.getRequestURI(), response.getStatus(),
                        request.getRemoteAddr());
            } catch (RuntimeException e) {
                log.error("Could not record {} {} in the audit log", request.getMethod(), request.getRequestURI(), e);
            }
        }
    }
}
