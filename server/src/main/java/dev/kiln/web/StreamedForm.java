package dev.kiln.web;

import dev.kiln.domain.InvalidRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.tomcat.util.http.fileupload.FileItemIterator;
import org.apache.tomcat.util.http.fileupload.FileItemStream;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.servlet.ServletRequestContext;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * A multipart/form-data request read part by part as it arrives — with Tomcat's streaming parser, the one behind its
 * own {@code Part} API — so that a file goes straight to where it is kept: nothing is spooled to the servlet's
 * temporary directory and nothing is held in memory beyond the parser's buffer. File parts are handed, in the order
 * sent, to a {@link FileHandler}, which consumes them; text fields (at most {@value #MAX_FIELD} bytes each) and query
 * parameters are collected. The request's parameters are never asked for: that would make the container read and
 * spool the whole body first. Unknown parts and a part sent twice are refused (422 naming it): nothing is silently
 * ignored.
 */
public final class StreamedForm {
    static final int MAX_FIELD = 8192;

    /** Consumes one file part. */
    @FunctionalInterface
    public interface FileHandler {
        void accept(String field, @Nullable String fileName, InputStream content) throws IOException;
    }

    private final Map<String, String> fields;

    private StreamedForm(Map<String, String> fields) {
        this.fields = fields;
    }

    /**
     * Reads {@code request}: each part named in {@code fileParts} goes to {@code handler} as it arrives; each of
     * {@code textFields} may come as a form field or a query parameter, once.
     */
    public static StreamedForm read(HttpServletRequest request, Set<String> fileParts, Set<String> textFields,
                                    FileHandler handler) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        query(request, textFields, fields);
        Set<String> filesSeen = new TreeSet<>();
        try {
            var upload = new FileUpload();
            upload.setFileCountMax(fileParts.size() + textFields.size());
            FileItemIterator items;
            try {
                items = upload.getItemIterator(new ServletRequestContext(request));
            } catch (IOException e) {
                throw BodyStream.unreadable(e);
            }
            for (FileItemStream item = next(items); item != null; item = next(items)) {
                String name = item.getFieldName();
                if (name != null && fileParts.contains(name)) {
                    once(filesSeen.add(name), name);
                    try (InputStream content = new BodyStream(item.openStream())) {
                        handler.accept(name, item.getName(), content);
                        content.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                } else if (name != null && textFields.contains(name)) {
                    try (InputStream content = new BodyStream(item.openStream())) {
                        byte[] value = content.readNBytes(MAX_FIELD + 1);
                        if (value.length > MAX_FIELD) {
                            throw new InvalidRequest(name, "is longer than " + MAX_FIELD + " bytes");
                        }
                        once(fields.put(name, new String(value, StandardCharsets.UTF_8)) == null, name);
                    }
                } else {
                    throw new InvalidRequest(name == null || name.isBlank() ? "multipart" : name,
                            "is not a part of this request; it takes " + String.join(", ",
                                    new TreeSet<>(union(fileParts, textFields))));
                }
            }
        } catch (FileUploadException e) {
            throw new MultipartException("the multipart body could not be read: " + e.getMessage(), e);
        }
        return new StreamedForm(fields);
    }

    /** The next part, or null after the last; a body that breaks the multipart framing is the request's fault. */
    private static @Nullable FileItemStream next(FileItemIterator items) throws FileUploadException {
        try {
            return items.hasNext() ? items.next() : null;
        } catch (IOException e) {
            throw BodyStream.unreadable(e);
        }
    }

    /** The text field or query parameter {@code name}, or null when the request has none. */
    public @Nullable String field(String name) {
        return fields.get(name);
    }

    private static void query(HttpServletRequest request, Set<String> textFields, Map<String, String> fields) {
        String query = request.getQueryString();
        if (query == null || query.isEmpty()) {
            return;
        }
        MultiValueMap<String, String> params = UriComponentsBuilder.newInstance().query(query).build().getQueryParams();
        params.forEach((rawName, values) -> {
            String name = UriUtils.decode(rawName, StandardCharsets.UTF_8);
            if (!textFields.contains(name)) {
                return;
            }
            once(values.size() == 1, name);
            String value = values.get(0) == null ? "" : UriUtils.decode(values.get(0).replace('+', ' '),
                    StandardCharsets.UTF_8);
            once(fields.put(name, value) == null, name);
        });
    }

    private static void once(boolean first, String name) {
        if (!first) {
            throw new InvalidRequest(name, "send one part named '" + name + "', not several");
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * A part's bytes as the request delivers them: a body that ends early or breaks its multipart framing, or a client
     * that goes away, is the request's fault (400), not a storage failure.
     */
    private static final class BodyStream extends java.io.FilterInputStream {
        BodyStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() {
            try {
                return super.read();
            } catch (IOException e) {
                throw unreadable(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw unreadable(e);
            }
        }

        private static MultipartException unreadable(IOException e) {
            return new MultipartException("the multipart body could not be read: " + e.getMessage(), e);
        }
    }
}
