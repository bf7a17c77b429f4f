package dev.netshrink.workers.distill;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import dev.netshrink.workers.model.DepthwiseStudent;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import dev.netshrink.workers.model.FusedStudent;
import dev.netshrink.workers.model.ModelCheckpoint;
import dev.netshrink.workers.model.PackParameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The networks of one stretch of fused training: each member's own student (where its parameters
 * are read and written) and the {@link FusedStudent} that trains them all. A fresh member starts
 * from the weights it would have alone: the engine seeded as {@link TrainingLoop} seeds it, the
 * same initializer, then copied into its slice.
 */
final class FusedPack implements AutoCloseable {

  private final List<Model> members = new ArrayList<>();
  private final Model fused;

  FusedPack(DepthwiseStudentShape shape, List<PackMember> pack, long seed, Shape input)
      throws MalformedModelException {
    for (PackMember member : pack) {
      Model model = Model.newInstance("member");
      model.setBlock(DepthwiseStudent.build(shape));
      members.add(model);
      if (member.parameters().isPresent()) {
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, input);
        ModelCheckpoint.load(model, member.parameters().get());
      } else {
        model.getNDManager().getEngine().setRandomSeed((int) seed);
        try (NDManager scratch = model.getNDManager().newSubManager();
            Trainer init =
                model.newTrainer(
                    TrainingLoop.config(member.loss(), ResumableAdam.builder().build(scratch)))) {
          init.initialize(input);
        }
      }
    }
    fused = Model.newInstance("pack");
    fused.setBlock(FusedStudent.build(shape, pack.size()));
  }

  Model fused() {
    return fused;
  }

  int size() {
    return members.size();
  }

  /** Once the fused network is initialized: every member's weights into its slice. */
  void join() {
    PackParameters.join(members.stream().map(Model::getBlock).toList(), fused.getBlock());
  }

  /**
   * Restores Adam's moments of each fused parameter from the members' saved states (saved by a
   * member alone or split from a pack, by its own parameter names); a parameter some member has no
   * moments for starts from zero, as it would alone.
   */
  void restoreMoments(ResumableAdam adam, List<PackMember> pack, NDManager manager) {
    List<Parameter> fusedParameters = PackParameters.ordered(fused.getBlock());
    List<Map<String, NDArray[]>> states = new ArrayList<>();
    for (int k = 0; k < pack.size(); k++) {
      states.add(
          pack.get(k).optimizerState().isEmpty() || pack.get(k).optimizerState().get().length == 0
              ? Map.of()
              : ResumableAdam.decode(
                  manager, members.get(k).getBlock(), pack.get(k).optimizerState().get()));
    }
    List<String> names = memberNames();
    for (int j = 0; j < fusedParameters.size(); j++) {
      String name = names.get(j);
      if (states.stream().allMatch(s -> s.containsKey(name))) {
        Shape shape = fusedParameters.get(j).getArray().getShape();
        adam.restore(
            fusedParameters.get(j),
            PackParameters.stack(states.stream().map(s -> s.get(name)[0]).toList(), shape),
            PackParameters.stack(states.stream().map(s -> s.get(name)[1]).toList(), shape));
      }
    }
  }

  /** Member {@code k}'s parameters as it would checkpoint them alone. */
  byte[] parameters(int k) {
    PackParameters.copyOut(fused.getBlock(), k, size(), member(k));
    return ModelCheckpoint.save(member(k));
  }

  /** Member {@code k}'s Adam moments, keyed by its own parameter names. */
  byte[] optimizerState(int k, ResumableAdam adam) {
    List<Parameter> fusedParameters = PackParameters.ordered(fused.getBlock());
    List<Pair<String, Parameter>> own = new ArrayList<>();
    members.get(k).getBlock().getParameters().forEach(own::add);
    Map<String, NDArray[]> named = new LinkedHashMap<>();
    List<NDArray> scratch = new ArrayList<>();
    for (int j = 0; j < fusedParameters.size(); j++) {
      NDArray[] moments = adam.moments(fusedParameters.get(j));
      if (moments != null) {
        Shape shape = own.get(j).getValue().getArray().getShape();
        NDArray first = PackParameters.slice(moments[0], k, size(), shape);
        NDArray second = PackParameters.slice(moments[1], k, size(), shape);
        scratch.add(first);
        scratch.add(second);
        named.put(own.get(j).getKey(), new NDArray[] {first, second});
      }
    }
    byte[] encoded = ResumableAdam.encode(named);
    scratch.forEach(NDArray::close);
    return encoded;
  }

  /** Member {@code k}'s own network, holding its slice of the fused weights. */
  Block member(int k) {
    return members.get(k).getBlock();
  }

  /** Copies the fused weights into every member's own network. */
  void split() {
    PackParameters.split(fused.getBlock(), members.stream().map(Model::getBlock).toList());
  }

  /** Hands member {@code k}'s network to the caller, who closes it; this pack no longer does. */
  Model release(int k) {
    Model model = members.get(k);
    members.set(k, null);
    return model;
  }

  private List<String> memberNames() {
    List<String> names = new ArrayList<>();
    members.stream()
        .filter(m -> m != null)
        .findFirst()
        .orElseThrow()
        .getBlock()
        .getParameters()
        .forEach(p -> names.add(p.getKey()));
    return names;
  }

  @Override
  public void close() {
    members.stream().filter(m -> m != null).forEach(Model::close);
    fused.close();
  }
}
