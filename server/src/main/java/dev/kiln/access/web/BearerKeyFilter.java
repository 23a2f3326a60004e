package dev.kiln.access.web;

import dev.kiln.access.Caller;
import dev.kiln.access.KeyScope;
import dev.kiln.access.Keys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer kiln_…}: a valid key makes its {@link Caller} the request's principal, with an
 * authority per scope (an admin key holds them all); a key that is unknown, expired or revoked is refused at once
 * with 401 saying which. Without the header the request stays anonymous, and the rules decide.
 */
final class BearerKeyFilter extends OncePerRequestFilter {
    private final Keys keys;
    private final Problems problems;

    BearerKeyFilter(Keys keys, Problems problems) {
        this.keys = keys;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            problems.unauthorized(response, "send the key as Authorization: Bearer kiln_…");
            return;
        }
        Keys.Authentication authentication = keys.authenticate(header.substring(7).strip());
        if (authentication.caller() == null) {
            problems.unauthorized(response, authentication.refusal());
            return;
        }
        Caller caller = authentication.caller();
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (KeyScope scope : caller.isAdmin() ? List.of(KeyScope.values()) : caller.scopes()) {
            authorities.add(new SimpleGrantedAuthority(scope.authority()));
        }
        if (caller.isAdmin()) {
            authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new UsernamePasswordAuthenticationToken(caller, null, authorities));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
