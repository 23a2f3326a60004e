package dev.kiln.storage;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param root the directory that holds every blob (and, with the default H2 database, the database file);
 *     instances that share work must mount the same directory
 */
@Validated
@ConfigurationProperties("kiln.storage")
record StorageSettings(@DefaultValue("./kiln-data") Path root) {}
