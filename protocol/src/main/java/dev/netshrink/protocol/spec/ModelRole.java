package dev.netshrink.protocol.spec;

import dev.netshrink.protocol.wire.WireName;
import java.util.Locale;

/**
 * The part a network plays in a campaign: the teacher or the student. Names which models {@code
 * pruning.models} prunes and which roles an {@link Architecture} can play; not to be confused with
 * the worker roles that train them.
 */
public enum ModelRole implements WireName {
  TEACHER,
  STUDENT;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  @Override
  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
