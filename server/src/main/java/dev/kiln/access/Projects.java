package dev.kiln.access;

import dev.kiln.domain.Conflict;
import dev.kiln.domain.Names;
import dev.kiln.domain.NotFound;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Projects: made by admins, found by id or name, with their own quotas. */
@Service
public class Projects {
    private final ProjectRepository projects;
    private final Quotas quotas;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Projects(ProjectRepository projects, Quotas quotas, PlatformTransactionManager transactionManager, Clock clock) {
        this.projects = projects;
        this.quotas = quotas;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    public Project create(String name) {
        String clean = Names.clean(name, 200, "name");
        return transactions.execute(status -> {
            if (projects.findByName(clean).isPresent()) {
                throw new Conflict("a project named '" + clean + "' exists already");
            }
            return projects.save(new Project(UUID.randomUUID(), clean, clock.instant()));
        });
    }

    /** A project by id or, failing that, by name. */
    public Optional<Project> resolve(String idOrName) {
        try {
            Optional<Project> byId = projects.findById(UUID.fromString(idOrName));
            if (byId.isPresent()) {
                return byId;
            }
        } catch (IllegalArgumentException e) {
            // not an id: a name
        }
        return projects.findByName(idOrName);
    }

    public Project get(UUID id) {
        return projects.findById(id).orElseThrow(() -> new NotFound("project", id));
    }

    public Page<Project> list(Pageable page) {
        return projects.findAll(page);
    }

    /** Sets a project's own limits (absent ones fall back to the configured defaults). */
    public Project setQuotas(UUID id, Quotas.Overrides overrides) {
        Project project = transactions.execute(status -> {
            Project found = projects.findById(id).orElseThrow(() -> new NotFound("project", id));
            found.setQuotas(overrides);
            return found;
        });
        quotas.reset(id);
        return project;
    }

    /** Whether the first admin key may still be made (none exists), holding the default project's row meanwhile. */
    <T> T underBootstrapLock(java.util.function.Supplier<T> work) {
        return transactions.execute(status -> {
            projects.findLocked(Project.DEFAULT).orElseThrow(() -> new IllegalStateException(
                    "the default project is missing; the database was not migrated"));
            return work.get();
        });
    }
}
