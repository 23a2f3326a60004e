package dev.kiln.access.web;

import dev.kiln.access.Project;
import dev.kiln.access.Projects;
import dev.kiln.access.Quotas;
import dev.kiln.web.PageQuery;
import dev.kiln.web.Paged;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/projects")
@Tag(name = "Access", description = "Projects, API keys and the audit log (admin keys only)")
class ProjectController {
    private static final Set<String> SORTABLE = Set.of("createdAt", "name");

    private final Projects projects;
    private final Quotas quotas;

    ProjectController(Projects projects, Quotas quotas) {
        this.projects = projects;
        this.quotas = quotas;
    }

    /** A project to create. */
    record CreateProject(@Schema(description = "a name, unique") @NotBlank @Size(max = 200) String name) {}

    /** A project and the limits in effect for it. */
    record ProjectResponse(UUID id, String name, Instant createdAt, Quotas.Limits quotas) {}

    private ProjectResponse response(Project p) {
        return new ProjectResponse(p.getId(), p.getName(), p.getCreatedAt(), quotas.of(p.getId()));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createProject", summary = "Create a project",
            description = "Every dataset, model, run and job belongs to a project; a project's keys see nothing else.")
    @ApiResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "the project's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "A project of that name exists")
    ResponseEntity<ProjectResponse> create(@Valid @RequestBody CreateProject request) {
        Project project = projects.create(request.name());
        return ResponseEntity.created(URI.create("/api/v1/projects/" + project.getId())).body(response(project));
    }

    @GetMapping
    @Operation(operationId = "listProjects", summary = "List projects", description = "Sortable by createdAt, name.")
    @ApiResponse(responseCode = "200", description = "One page of projects")
    Paged<ProjectResponse> list(@ParameterObject @Valid PageQuery page) {
        return Paged.of(projects.list(page.pageable(SORTABLE)), this::response);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getProject", summary = "A project", description = "Its name and the limits in effect.")
    @ApiResponse(responseCode = "200", description = "The project")
    ProjectResponse get(@PathVariable UUID id) {
        return response(projects.get(id));
    }

    @PatchMapping(value = "/{id}/quotas", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "setProjectQuotas", summary = "Set a project's own limits",
            description = "Absent limits fall back to the configured defaults (kiln.quotas.*).")
    @ApiResponse(responseCode = "200", description = "The project with its limits")
    ProjectResponse quotas(@PathVariable UUID id, @Valid @RequestBody Quotas.Overrides overrides) {
        return response(projects.setQuotas(id, overrides));
    }
}
