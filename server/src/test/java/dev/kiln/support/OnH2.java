package dev.kiln.support;

import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Kiln with its default, embedded H2 database (a file under the files directory). */
public abstract class OnH2 extends KilnServer {
    private static final Path FILES = temporaryDirectory("kiln-h2-");

    @DynamicPropertySource
    static void files(DynamicPropertyRegistry registry) {
        registry.add("kiln.storage.root", FILES::toString);
    }
}
