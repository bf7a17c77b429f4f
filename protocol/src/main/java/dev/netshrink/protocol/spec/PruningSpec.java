package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * The pruning sweep: which methods, at which ratios, on which models (teacher, student).
 * {@code method} (one name) is accepted for specs written before {@code methods} existed; the
 * resolved spec always lists {@code methods}. With {@code fineTuneEpochs > 0} every pruned network
 * is also fine-tuned that many epochs (KD on the cached teacher logits for the student, with the
 * best student's alpha and T; plain CE for the teacher; pruned weights stay zero) and measured
 * again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PruningSpec(String method, List<String> methods, RatioRange ratios,
    List<String> models, Integer fineTuneEpochs) {

  /** Weights zeroed by |w| per layer, as torch.nn.utils.prune.l1_unstructured: a mask. */
  public static final String L1_UNSTRUCTURED = "l1-unstructured";
  /** All conv weights ranked together by |w|, as global_unstructured(L1Unstructured): a mask. */
  public static final String GLOBAL_L1_UNSTRUCTURED = "global-l1-unstructured";
  /** Output channels removed by L1 norm, as ln_structured(n=1, dim=0), physically. */
  public static final String L1_STRUCTURED = "l1-structured";
  /** Output channels removed by L2 norm, as ln_structured(n=2, dim=0), physically. */
  public static final String L2_STRUCTURED = "l2-structured";
  public static final List<String> METHODS = List.of(L1_UNSTRUCTURED, GLOBAL_L1_UNSTRUCTURED,
      L1_STRUCTURED, L2_STRUCTURED);
  public static final List<String> DEFAULT_METHODS = List.of(L1_UNSTRUCTURED, L2_STRUCTURED);

  /** Whether {@code method} removes whole channels (a smaller network) rather than masking weights. */
  public static boolean structured(String method) {
    return method.endsWith("-structured");
  }

  /** The norm a structured method ranks channels by: 1 or 2. */
  public static int norm(String method) {
    return method.startsWith("l2-") ? 2 : 1;
  }

  /** An inclusive range of ratios, e.g. 0.00 to 0.95 by 0.05. */
  public record RatioRange(Double from, Double to, Double step) {

    /** The ratios, rounded to 4 decimals so that 0.1 + 0.2 style drift never adds a point. */
    public List<Double> values() {
      List<Double> out = new ArrayList<>();
      int n = (int) Math.floor((to - from) / step + 1e-9);
      for (int i = 0; i <= n; i++) {
        out.add(Math.round((from + i * step) * 10_000d) / 10_000d);
      }
      return out;
    }
  }
}
