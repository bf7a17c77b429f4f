package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The student architecture, its parameter budget and how each trial trains it ({@code schedule}:
 * {@code cosine} or {@code constant} learning rate; {@code fuse}: {@link FusePolicy}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StudentSpec(
    Architecture arch,
    List<Integer> widths,
    Integer maxParams,
    Integer epochs,
    Integer batchSize,
    Double learningRate,
    String schedule,
    String fuse) {

  /** What {@code fuse} says; a spec written before fusion (null) trains one trial per job. */
  public FusePolicy fusePolicy() {
    return FusePolicy.of(fuse);
  }
}
