package dev.kiln.support;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Kiln on PostgreSQL: a Testcontainers database where Docker runs, else the one named by the environment. */
public abstract class OnPostgres extends KilnServer {
    private static final Path FILES = temporaryDirectory("kiln-pg-");

    @BeforeAll
    static void requirePostgres() {
        TestPostgres.get();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestPostgres database = TestPostgres.get();
        registry.add("kiln.storage.root", FILES::toString);
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
    }
}
