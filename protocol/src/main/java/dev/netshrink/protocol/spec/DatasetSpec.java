package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where the data lives and how much of it a campaign uses. {@code trainLimit}/{@code testLimit}
 * take the first N images (0 or absent = all), which keeps demos and tests small. {@code flip}
 * trains every network (teacher, students, fine-tuning) on a random half of the images flipped left
 * to right each epoch, the homework's augmentation; the teacher then caches its logits of both
 * views. Absent, it is on for Food-11 (the homework's recipe) and off for Fashion-MNIST.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSpec(
    String kind, String path, Integer trainLimit, Integer testLimit, Boolean flip) {

  public static final String FASHION_MNIST = "fashion-mnist";

  /**
   * The reference homework's Food-11 folder: 3x224x224 after the reference transforms, 11 classes.
   */
  public static final String FOOD_11 = "food-11";

  /** Whether training flips images; a resolved spec always says. */
  public boolean flips() {
    return flip != null ? flip : flipsByDefault(kind);
  }

  /** Food-11 trains with flips as the homework does; Fashion-MNIST keeps its published numbers. */
  public static boolean flipsByDefault(String kind) {
    return FOOD_11.equals(kind);
  }

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
