package dev.netshrink.workers.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Food-11's layout, on a small generated folder of JPEGs (the real dataset is pointed at by path).
 */
class Food11Test {

  @TempDir Path root;

  @Test
  void labelsComeFromFileNamesAndALimitKeepsEveryClass() throws IOException {
    for (int label = 0; label < 11; label++) {
      for (int index = 0; index < 3; index++) {
        jpeg(
            root.resolve("training/" + label + "_" + index + ".jpg"),
            300,
            200,
            new Color(label * 20, 100, 200 - label * 10),
            null);
      }
    }
    Files.writeString(root.resolve("training/notes.txt"), "not an image");

    ImageDataset all = Food11.load(root, Food11.TRAINING, 0);
    ImageDataset first = Food11.load(root, Food11.TRAINING, 11);

    assertThat(all.count()).isEqualTo(33);
    assertThat(all.channels()).isEqualTo(3);
    assertThat(all.height()).isEqualTo(224);
    assertThat(all.width()).isEqualTo(224);
    assertThat(first.labels()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
  }

  @Test
  void resizeCentreCropAndImagenetNormalizationAsTorchvision() throws IOException {
    // 400x300, left half red and right half blue: Resize(256) gives 341x256, CenterCrop(224)
    // then starts at column round(58.5) = 58 (Python rounds half to even)
    jpeg(root.resolve("validation/3_0.jpg"), 400, 300, Color.RED, Color.BLUE);

    ImageDataset data = Food11.load(root, Food11.VALIDATION, 0);
    float[] plain = image(data, false);
    float[] mirrored = image(data, true);

    int plane = 224 * 224;
    float redAsRed = (1f - 0.485f) / 0.229f;
    float blueAsRed = (0f - 0.485f) / 0.229f;
    float blueAsBlue = (1f - 0.406f) / 0.225f;
    assertThat(data.labels()).containsExactly(3);
    assertThat(plain[10 * 224]).isCloseTo(redAsRed, within(0.05f)); // row 10, column 0
    assertThat(plain[10 * 224 + 223]).isCloseTo(blueAsRed, within(0.05f));
    assertThat(plain[2 * plane + 10 * 224 + 223]).isCloseTo(blueAsBlue, within(0.05f));
    // the red half spans columns 0..(341/2 - 58) of the crop: its edge sits near column 112
    assertThat(plain[100 * 224 + 105]).isCloseTo(redAsRed, within(0.1f));
    assertThat(plain[100 * 224 + 120]).isCloseTo(blueAsRed, within(0.1f));
    assertThat(mirrored[10 * 224]).isEqualTo(plain[10 * 224 + 223]);
  }

  @Test
  void evaluationImagesAreListedByIdWithoutLabels() throws IOException {
    for (String id : List.of("0002", "0000", "0001")) {
      jpeg(root.resolve("evaluation/" + id + ".jpg"), 256, 256, Color.GREEN, null);
    }
    List<String> ids = new ArrayList<>();

    ImageDataset eval = Food11.loadEvaluation(root, ids);

    assertThat(ids).containsExactly("0000", "0001", "0002");
    assertThat(eval.count()).isEqualTo(3);
  }

  @Test
  void aBadFileNameOrABrokenImageIsNamed() throws IOException {
    jpeg(root.resolve("training/pizza.jpg"), 64, 64, Color.RED, null);
    assertThatThrownBy(() -> Food11.load(root, Food11.TRAINING, 0))
        .hasMessageContaining("pizza.jpg is not named <label>_<index>.jpg");

    Files.delete(root.resolve("training/pizza.jpg"));
    Files.writeString(root.resolve("training/1_0.jpg"), "not a jpeg");
    assertThatThrownBy(() -> Food11.load(root, Food11.TRAINING, 0))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("1_0.jpg");
    assertThatThrownBy(() -> Food11.load(root, Food11.VALIDATION, 0))
        .hasMessageContaining("no folder");
  }

  private static float[] image(ImageDataset data, boolean mirror) {
    FloatBuffer out = FloatBuffer.allocate(data.imageSize());
    data.store().put(0, mirror, out);
    return out.array();
  }

  private static void jpeg(Path file, int w, int h, Color left, Color right) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(left);
    g.fillRect(0, 0, w, h);
    if (right != null) {
      g.setColor(right);
      g.fillRect(w / 2, 0, w - w / 2, h);
    }
    g.dispose();
    ImageIO.write(image, "jpg", file.toFile());
  }
}
