package dev.kiln.access;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled every API call needs a key (default); false admits everyone as an admin of the default project — for
 *     a laptop only: refused when the server listens beyond loopback unless {@code allowUnauthenticatedNetwork}
 * @param allowUnauthenticatedNetwork confirms that an instance without security may listen on a network address
 * @param adminKeyFile where the first admin key is written, once, on the first start with no key (mode 0600)
 * @param corsAllowedOrigins origins a browser may call the API from (none: cross-origin calls are refused)
 */
@ConfigurationProperties("kiln.security")
public record AccessSettings(@DefaultValue("true") boolean enabled,
                             @DefaultValue("false") boolean allowUnauthenticatedNetwork,
                             Path adminKeyFile,
                             @DefaultValue List<String> corsAllowedOrigins) {}
