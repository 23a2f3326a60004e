package dev.kiln;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Writes the OpenAPI document of a started Kiln — exactly what {@code /v3/api-docs} serves — to a directory as
 * {@code kiln-openapi.json} and {@code kiln-openapi.yaml}, then stops it. The client module's build generates its
 * clients from these files: {@code java -cp … dev.kiln.OpenApiExport <directory>}.
 */
public final class OpenApiExport {
    private OpenApiExport() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path directory = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/openapi"));
        SpringApplication application = new SpringApplication(KilnApplication.class);
        int status = 1;
        try (ConfigurableApplicationContext kiln = application.run("--server.port=0",
                "--kiln.storage.root=" + directory.resolve("kiln").toAbsolutePath(), "--kiln.worker.enabled=false",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN")) {
            int port = kiln.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            HttpClient http = HttpClient.newHttpClient();
            for (String format : new String[] {"json", "yaml"}) {
                String path = format.equals("json") ? "/v3/api-docs" : "/v3/api-docs.yaml";
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IOException(path + " answered " + answer.statusCode() + ": " + answer.body());
                }
                Files.writeString(directory.resolve("kiln-openapi." + format), answer.body());
            }
            status = 0;
        } finally {
            System.exit(status); // engine and pool threads must not keep the build waiting
        }
    }
}
