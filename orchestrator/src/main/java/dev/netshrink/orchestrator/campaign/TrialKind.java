package dev.netshrink.orchestrator.campaign;

/** The three stages of a campaign, in the order they depend on each other. */
public enum TrialKind {
  TEACHER,
  STUDENT,
  PRUNE
}
