package dev.kiln.web;

import dev.kiln.domain.InvalidParameter;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/**
 * The paging query parameters every list takes: {@code page} (from 0), {@code size} (1 to {@value #MAX_SIZE},
 * default {@value #DEFAULT_SIZE}) and {@code sort} ({@code field} or {@code field,asc|desc}, among the fields the list
 * allows; newest first by default). Anything else is refused with 400 naming the parameter.
 */
public record PageQuery(
        @Parameter(description = "page number, from 0") @Min(0) @Max(MAX_PAGE) @Nullable Integer page,
        @Parameter(description = "items per page, 1 to 100 (default 20)") @Min(1) @Max(MAX_SIZE) @Nullable Integer size,
        @Parameter(description = "field or field,asc|desc (default createdAt,desc)", example = "createdAt,desc")
        @Nullable String sort) {
    public static final int MAX_SIZE = 100;
    public static final int DEFAULT_SIZE = 20;
    static final int MAX_PAGE = 1_000_000;

    /** The page asked for, sorted by one of {@code sortable} (default: {@code createdAt} descending). */
    public Pageable pageable(Set<String> sortable) {
        return pageable(sortable, "createdAt");
    }

    /** The page asked for, sorted by one of {@code sortable} (default: {@code newest} descending). */
    public Pageable pageable(Set<String> sortable, String newest) {
        return PageRequest.of(page == null ? 0 : page, size == null ? DEFAULT_SIZE : size, sorting(sortable, newest));
    }

    private Sort sorting(Set<String> sortable, String newest) {
        if (sort == null || sort.isBlank()) {
            return Sort.by(Sort.Direction.DESC, newest);
        }
        String[] parts = sort.split(",", -1);
        String field = parts[0].strip();
        if (parts.length > 2 || !sortable.contains(field)) {
            throw new InvalidParameter("sort", "cannot sort by '" + sort + "'; sort by one of "
                    + String.join(", ", new java.util.TreeSet<>(sortable)) + ", optionally followed by ,asc or ,desc");
        }
        if (parts.length == 1) {
            return Sort.by(Sort.Direction.ASC, field);
        }
        return switch (parts[1].strip().toLowerCase(Locale.ROOT)) {
            case "asc" -> Sort.by(Sort.Direction.ASC, field);
            case "desc" -> Sort.by(Sort.Direction.DESC, field);
            default -> throw new InvalidParameter("sort", "the direction must be asc or desc, not '" + parts[1] + "'");
        };
    }
}
