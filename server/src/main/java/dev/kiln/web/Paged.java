package dev.kiln.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.function.Function;
import org.springframework.data.domain.Page;

/** One page of a list, newest first unless sorted otherwise: the items and where the page stands. */
@Schema(description = "One page of a list")
public record Paged<T>(List<T> content, PageInfo page) {

    /** The page's size and number (from 0), and the totals. */
    public record PageInfo(int size, int number, long totalElements, int totalPages) {}

    public static <E, T> Paged<T> of(Page<E> page, Function<E, T> mapping) {
        return new Paged<>(page.getContent().stream().map(mapping).toList(), new PageInfo(page.getSize(),
                page.getNumber(), page.getTotalElements(), page.getTotalPages()));
    }
}
