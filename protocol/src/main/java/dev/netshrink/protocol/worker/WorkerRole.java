package dev.netshrink.protocol.worker;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a worker can do; every job kind needs exactly one role. */
public enum WorkerRole {
  TEACHER,
  STUDENT,
  PRUNER;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static WorkerRole fromWireName(String name) {
    for (WorkerRole role : values()) {
      if (role.wireName().equals(name)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown worker role '" + name + "', expected teacher, student or pruner");
  }
}
