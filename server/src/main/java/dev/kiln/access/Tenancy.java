package dev.kiln.access;

import dev.kiln.domain.InvalidRequest;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The module's entry point for the other modules: who is calling and which project's resources it may see. A
 * project key sees its project only (another project's resources answer 404, as if they did not exist); an admin key,
 * and Kiln's own work without a caller (a worker training), see every project. New resources belong to the caller's
 * project — for an admin key, to the project named by the {@code Kiln-Project} header, else the default project.
 */
@Component
public class Tenancy {
    /** The header with which an admin key names the project a new resource belongs to (its id or name). */
    public static final String PROJECT_HEADER = "Kiln-Project";

    private final Projects projects;

    Tenancy(Projects projects) {
        this.projects = projects;
    }

    public Optional<Caller> caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Caller caller
                ? Optional.of(caller) : Optional.empty();
    }

    /** What the current caller may see. */
    public ProjectScope scope() {
        return caller().filter(c -> !c.isAdmin()).map(c -> new ProjectScope(c.projectId())).orElse(ProjectScope.ALL);
    }

    /** The project a resource created now belongs to. */
    public UUID projectForNew() {
        Optional<Caller> caller = caller();
        if (caller.isPresent() && !caller.get().isAdmin()) {
            return caller.get().projectId();
        }
        String named = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                ? request.getRequest().getHeader(PROJECT_HEADER) : null;
        if (named == null || named.isBlank()) {
            return Project.DEFAULT;
        }
        return projects.resolve(named.strip()).orElseThrow(() -> new InvalidRequest(PROJECT_HEADER,
                "no project '" + named.strip() + "'")).getId();
    }
}
