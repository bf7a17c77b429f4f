package dev.netshrink.workers.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;

/** Gives test networks random parameters without training them. */
public final class TestNetworks {

  private TestNetworks() {}

  public static Block initialized(Block block, NDManager manager, Shape input) {
    manager.getEngine().setRandomSeed(7);
    block.setInitializer(new NormalInitializer(0.1f), Parameter.Type.WEIGHT);
    block.initialize(manager, DataType.FLOAT32, input);
    return block;
  }
}
