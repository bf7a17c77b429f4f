package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where the data lives and how much of it a campaign uses. {@code trainLimit}/{@code testLimit}
 * take the first N images (0 or absent = all), which keeps demos and tests small.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSpec(String kind, String path, Integer trainLimit, Integer testLimit) {

  public static final String FASHION_MNIST = "fashion-mnist";

  /**
   * The reference homework's Food-11 folder: 3x224x224 after the reference transforms, 11 classes.
   */
  public static final String FOOD_11 = "food-11";

  public int trainLimitOrAll() {
    return trainLimit == null ? 0 : trainLimit;
  }

  public int testLimitOrAll() {
    return testLimit == null ? 0 : testLimit;
  }

  /** Fashion-MNIST: 1x28x28 grey images, 10 classes; Food-11: 3x224x224 colour, 11 classes. */
  public int classes() {
    return FOOD_11.equals(kind) ? 11 : 10;
  }

  public int inputChannels() {
    return FOOD_11.equals(kind) ? 3 : 1;
  }

  /** Height and width of the images a network sees: 224 after Food-11's transforms, else 28. */
  public int imageSize() {
    return FOOD_11.equals(kind) ? 224 : 28;
  }
}
