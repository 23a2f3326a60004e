package dev.kiln.access.web;

import dev.kiln.access.ApiKey;
import dev.kiln.access.KeyScope;
import dev.kiln.access.Keys;
import dev.kiln.access.Projects;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.web.PageQuery;
import dev.kiln.web.Paged;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/keys")
@Tag(name = "Access")
class KeyController {
    private static final Set<String> SORTABLE = Set.of("createdAt", "expiresAt", "lastUsedAt");

    private final Keys keys;
    private final Projects projects;

    KeyController(Keys keys, Projects projects) {
        this.keys = keys;
        this.projects = projects;
    }

    /** A key to create: for a project (its id or name) with scopes, or an admin key (no project, scope admin). */
    record CreateKey(@Schema(description = "the project's id or name; absent for an admin key") @Size(max = 200)
                     @Nullable String project,
                     @Schema(description = "read, write, metrics; admin for an admin key") @NotEmpty
                     List<@NotNull KeyScope> scopes,
                     @Schema(description = "a name for people") @Size(max = 200) @Nullable String name,
                     @Schema(description = "when it stops working; never when absent") @Nullable Instant expiresAt) {}

    /** A key as listed: never its secret. */
    record KeyResponse(UUID id,
                       @Schema(description = "the key's public part, kiln_<prefix>_…, to tell keys apart") String prefix,
                       @Nullable String name, @Nullable UUID projectId, Set<KeyScope> scopes,
                       Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant revokedAt,
                       @Nullable Instant lastUsedAt) {
        static KeyResponse from(ApiKey k) {
            return new KeyResponse(k.getId(), k.getPrefix(), k.getName(), k.getProjectId(), k.getScopes(), k.getCreatedAt(),
                    k.getExpiresAt(), k.getRevokedAt(), k.getLastUsedAt());
        }
    }

    /** A new key: the secret is shown here once and stored nowhere. */
    record CreatedKey(UUID id, @Schema(description = "the key: shown this once, stored only as a hash") String key,
                      @Nullable String name, @Nullable UUID projectId, Set<KeyScope> scopes, Instant createdAt,
                      @Nullable Instant expiresAt) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createKey", summary = "Create an API key",
            description = "The answer holds the key itself, this once; Kiln keeps only its hash.")
    @ApiResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "the key's URL", schema = @Schema(type = "string")))
    ResponseEntity<CreatedKey> create(@Valid @RequestBody CreateKey request) {
        UUID project = request.project() == null ? null : projects.resolve(request.project().strip())
                .orElseThrow(() -> new InvalidRequest("project", "no project '" + request.project() + "'")).getId();
        Keys.Created created = keys.create(project, EnumSet.copyOf(request.scopes()), request.name(),
                request.expiresAt());
        ApiKey k = created.key();
        return ResponseEntity.created(URI.create("/api/v1/keys/" + k.getId())).body(new CreatedKey(k.getId(),
                created.secret(), k.getName(), k.getProjectId(), k.getScopes(), k.getCreatedAt(), k.getExpiresAt()));
    }

    @GetMapping
    @Operation(operationId = "listKeys", summary = "List API keys",
            description = "Without their secrets; optionally of one project. Sortable by createdAt, expiresAt, "
                    + "lastUsedAt.")
    @ApiResponse(responseCode = "200", description = "One page of keys")
    Paged<KeyResponse> list(@Parameter(description = "only this project's keys") @RequestParam(required = false)
                            UUID projectId, @ParameterObject @Valid PageQuery page) {
        return Paged.of(keys.list(projectId, page.pageable(SORTABLE)), KeyResponse::from);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getKey", summary = "An API key", description = "Without its secret.")
    @ApiResponse(responseCode = "200", description = "The key")
    KeyResponse get(@PathVariable UUID id) {
        return KeyResponse.from(keys.get(id));
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "revokeKey", summary = "Revoke an API key",
            description = "It stops working at once; it stays listed with its revocation time.")
    @ApiResponse(responseCode = "204", description = "Revoked")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        keys.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
