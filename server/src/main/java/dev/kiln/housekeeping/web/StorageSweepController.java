package dev.kiln.housekeeping.web;

import dev.kiln.domain.InvalidParameter;
import dev.kiln.housekeeping.StorageSweep;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/storage")
@Tag(name = "Storage", description = "Housekeeping of the blob store (admin keys)")
class StorageSweepController {
    private final StorageSweep sweep;

    StorageSweepController(StorageSweep sweep) {
        this.sweep = sweep;
    }

    @PostMapping("/sweep")
    @Operation(operationId = "sweepStorage", summary = "Find (and remove) blobs no dataset or run references",
            description = "Lists the datasets/{id}/ and runs/{id}/ prefixes whose row is gone, with their objects and "
                    + "bytes; removes them unless dryRun (the default). Objects younger than minAge (default PT1H) "
                    + "are left alone, since an upload writes its blobs before its row commits.")
    @ApiResponse(responseCode = "200", description = "What was found, and what was removed")
    StorageSweep.Outcome sweep(@Parameter(description = "only list what would be removed; true when absent")
                               @RequestParam(defaultValue = "true") boolean dryRun,
                               @Parameter(description = "ISO-8601 duration; objects younger than this are kept",
                                       example = "PT1H") @RequestParam(defaultValue = "PT1H") String minAge) {
        Duration age;
        try {
            age = Duration.parse(minAge);
        } catch (DateTimeParseException e) {
            throw new InvalidParameter("minAge", "an ISO-8601 duration such as PT1H, not '" + minAge + "'");
        }
        if (age.isNegative()) {
            throw new InvalidParameter("minAge", "must not be negative");
        }
        return sweep.sweep(dryRun, age);
    }
}
