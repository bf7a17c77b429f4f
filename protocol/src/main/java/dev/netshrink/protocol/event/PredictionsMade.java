package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.netshrink.protocol.wire.Checks;
import java.util.List;

/**
 * A trained student's predicted class for every unlabelled evaluation image (Food-11's {@code
 * evaluation/}): {@code categories.get(i)} for the file named {@code ids.get(i)}, the homework's
 * submission format ({@code Id,Category}).
 */
public record PredictionsMade(
    String eventId,
    @JsonUnwrapped TrialRef ref,
    long atMillis,
    List<String> ids,
    List<Integer> categories)
    implements TrialEvent {

  @Override
  public void validate() {
    TrialEvent.super.validate();
    Checks.present(ids, "ids");
    Checks.present(categories, "categories");
    if (ids.size() != categories.size()) {
      throw new IllegalArgumentException(
          ids.size() + " ids but " + categories.size() + " categories");
    }
    categories.forEach(c -> Checks.atLeast(Checks.present(c, "a category"), 0, "a category"));
  }
}
