package dev.netshrink.workers.data;

import java.io.IOException;

/** An IDX file that is not what its name promises: wrong magic number, bad header or cut short. */
public final class IdxFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  public IdxFormatException(String message) {
    super(message);
  }
}
