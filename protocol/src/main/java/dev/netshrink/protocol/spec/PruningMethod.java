package dev.netshrink.protocol.spec;

import dev.netshrink.protocol.wire.WireName;

/** How the pruning sweep removes a ratio of a network ({@code pruning.methods}). */
public enum PruningMethod implements WireName {
  /** Weights zeroed by |w| per layer, as torch.nn.utils.prune.l1_unstructured: a mask. */
  L1_UNSTRUCTURED("l1-unstructured", 1),
  /** All conv weights ranked together by |w|, as global_unstructured(L1Unstructured): a mask. */
  GLOBAL_L1_UNSTRUCTURED("global-l1-unstructured", 1),
  /** Output channels removed by L1 norm, as ln_structured(n=1, dim=0), physically. */
  L1_STRUCTURED("l1-structured", 1),
  /** Output channels removed by L2 norm, as ln_structured(n=2, dim=0), physically. */
  L2_STRUCTURED("l2-structured", 2);

  private final String wireName;
  private final int norm;

  PruningMethod(String wireName, int norm) {
    this.wireName = wireName;
    this.norm = norm;
  }

  /** Whether it removes channels (a narrower network) rather than masking weights. */
  public boolean isStructured() {
    return this == L1_STRUCTURED || this == L2_STRUCTURED;
  }

  /** The norm that ranks weights (|w|: 1) or channels (1 or 2). */
  public int norm() {
    return norm;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
