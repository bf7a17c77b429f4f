package dev.netshrink.orchestrator.pool;

import dev.netshrink.protocol.job.Assignment;

/** Delivers an assignment to one worker; the Kafka implementation sends without blocking. */
@FunctionalInterface
public interface AssignmentSender {

  void send(String workerId, Assignment assignment);
}
