package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A submitted compression campaign: train (or load) a teacher, distil students over an alpha x
 * temperature grid, then sweep pruning ratios on the best student and the teacher; with a {@code
 * target}, name the most accurate of its models that fits it. {@code search} draws the student
 * trials from a space instead of the grid, and stops weak ones early.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CampaignSpec(
    String name,
    Long seed,
    DatasetSpec dataset,
    TeacherSpec teacher,
    StudentSpec student,
    DistillationGrid distillation,
    LogitsSpec logits,
    PruningSpec pruning,
    TargetSpec target,
    SearchSpec search) {

  public long seedOrDefault() {
    return seed == null ? 20220013L : seed;
  }
}
