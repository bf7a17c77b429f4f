package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The teacher: trained by the teacher worker, or loaded from {@code checkpoint} (a DJL parameter
 * file of the same architecture) when given. With {@code arch: torchscript}, {@code checkpoint} is
 * a TorchScript file exported from PyTorch, used only for its logits. {@code schedule} is the
 * learning-rate schedule: {@code cosine} (decays to 0 over all steps) or {@code constant}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TeacherSpec(
    Architecture arch,
    Integer epochs,
    Integer batchSize,
    Double learningRate,
    String schedule,
    String checkpoint) {}
