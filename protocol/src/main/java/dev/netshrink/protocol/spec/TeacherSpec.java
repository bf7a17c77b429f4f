package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The teacher: trained by the teacher worker, or loaded from {@code checkpoint} (a DJL parameter
 * file of the same architecture) when given. {@code schedule} is the learning-rate schedule:
 * {@code cosine} (decays to 0 over all steps) or {@code constant}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TeacherSpec(String arch, Integer epochs, Integer batchSize, Double learningRate,
    String schedule, String checkpoint) {}
