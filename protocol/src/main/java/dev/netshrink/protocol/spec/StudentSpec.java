package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The student architecture, its parameter budget and how each trial trains it ({@code schedule}:
 * {@code cosine} or {@code constant} learning rate).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StudentSpec(
    Architecture arch,
    List<Integer> widths,
    Integer maxParams,
    Integer epochs,
    Integer batchSize,
    Double learningRate,
    String schedule) {}
