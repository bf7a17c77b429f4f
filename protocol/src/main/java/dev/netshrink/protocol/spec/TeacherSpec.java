package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The teacher: trained by the teacher worker, or loaded from {@code checkpoint} when given. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TeacherSpec(
    String arch, Integer epochs, Integer batchSize, Double learningRate, String checkpoint) {}
