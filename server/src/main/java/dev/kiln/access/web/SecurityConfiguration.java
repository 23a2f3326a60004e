package dev.kiln.access.web;

import dev.kiln.access.AccessSettings;
import dev.kiln.access.AuditLog;
import dev.kiln.access.KeyScope;
import dev.kiln.access.Keys;
import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security for a bearer-key API: stateless, no sessions, no cookies (so no CSRF), no login page. Every
 * {@code /api} call needs a key with the scope its method asks for (read for GET, write otherwise, admin for
 * projects, keys and the audit log); without one it is 401, with too few scopes 403 — both as problem+json.
 * Health and info are public (details for admins only), Prometheus needs the metrics scope, the OpenAPI document and
 * Swagger UI are public. Responses carry nosniff, no-store, a strict referrer policy and a content security policy;
 * browsers may call the API cross-origin only from the configured origins.
 */
@Configuration
class SecurityConfiguration {

    @Bean
    SecurityFilterChain kilnSecurity(HttpSecurity http, Keys keys, AuditLog audit, AccessSettings settings,
                                     JsonMapper json) throws Exception {
        Problems problems = new Problems(json);
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(cors -> cors.configurationSource(cors(settings.corsAllowedOrigins())))
                .headers(headers -> headers
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data: blob:; "
                                + "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'")))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, failure) -> problems.unauthorized(response,
                                "this call needs an API key: Authorization: Bearer kiln_… (the first admin key is in "
                                        + "admin.key in Kiln's data directory)"))
                        .accessDeniedHandler((request, response, denied) -> problems.forbidden(response,
                                "the key lacks the scope this call needs (" + needed(request.getMethod(),
                                        request.getRequestURI()) + ")")))
                .addFilterBefore(new BearerKeyFilter(keys, problems), AnonymousAuthenticationFilter.class)
                // around the key check, so that writes refused for a bad key are in the log too
                .addFilterBefore(new AuditFilter(audit), BearerKeyFilter.class);
        if (!settings.enabled()) {
            http.authorizeHttpRequests(rules -> rules.anyRequest().permitAll());
            return http.build();
        }
        String read = KeyScope.READ.authority();
        String write = KeyScope.WRITE.authority();
        String admin = KeyScope.ADMIN.authority();
        http.authorizeHttpRequests(rules -> rules
                // the request was authorized when it came in; a streamed answer's async dispatch and an error
                // dispatch carry no key of their own
                .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                .requestMatchers("/api/v1/projects/**", "/api/v1/keys/**", "/api/v1/audit/**", "/api/v1/admin/**")
                .hasAuthority(admin)
                .requestMatchers(HttpMethod.GET, "/api/**").hasAuthority(read)
                .requestMatchers(HttpMethod.HEAD, "/api/**").hasAuthority(read)
                .requestMatchers("/api/**").hasAuthority(write)
                .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                .requestMatchers("/actuator/prometheus").hasAuthority(KeyScope.METRICS.authority())
                .requestMatchers("/actuator/**").hasAuthority(admin)
                .anyRequest().permitAll());
        return http.build();
    }

    private static String needed(String method, String path) {
        if (path.startsWith("/api/v1/projects") || path.startsWith("/api/v1/keys") || path.startsWith("/api/v1/audit")
                || path.startsWith("/api/v1/admin")
                || path.startsWith("/actuator") && !path.startsWith("/actuator/prometheus")) {
            return "admin";
        }
        if (path.startsWith("/actuator/prometheus")) {
            return "metrics";
        }
        return method.equals("GET") || method.equals("HEAD") ? "read" : "write";
    }

    /**
     * The configured origins may call {@code /api} from a browser. Without any, a preflight is answered 403 (a
     * browser then sends nothing), and a simple request goes on to be refused for its missing key (401).
     */
    private static CorsConfigurationSource cors(List<String> origins) {
        if (origins.isEmpty()) {
            CorsConfiguration closed = new CorsConfiguration();
            return request -> CorsUtils.isPreFlightRequest(request) ? closed : null;
        }
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(origins);
        configuration.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE"));
        configuration.setAllowedHeaders(List.of("Authorization", "Content-Type", "Kiln-Project", "Last-Event-ID"));
        configuration.setExposedHeaders(List.of("Location", "Retry-After"));
        configuration.setMaxAge(3600L);
        source.registerCorsConfiguration("/api/**", configuration);
        return source;
    }
}
