package dev.netshrink.workers.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The Food-11 folder layout of the reference homework: {@code training/} and {@code validation/}
 * hold {@code <label>_<index>.jpg}, {@code evaluation/} unlabelled {@code <id>.jpg}. Images get the
 * reference test transform once, at load: Resize(256) (shorter side to 256, bilinear),
 * CenterCrop(224); they are kept as bytes and normalized with the ImageNet mean and std per batch
 * ({@link BytePixels}). The training transform's random horizontal flip is the trainer's mirror.
 *
 * <p>Files are ordered by index, then label, so that a limit (the first N images) keeps every class
 * instead of the first classes only.
 */
public final class Food11 {

  public static final int CLASSES = 11;
  public static final int RESIZE = 256;
  public static final int CROP = 224;
  public static final String TRAINING = "training";
  public static final String VALIDATION = "validation";
  public static final String EVALUATION = "evaluation";
  static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  static final float[] STD = {0.229f, 0.224f, 0.225f};
  private static final Pattern LABELLED =
      Pattern.compile("(\\d+)_(\\d+)\\.jpe?g", Pattern.CASE_INSENSITIVE);

  private Food11() {}

  /** A labelled split ({@code training} or {@code validation}); {@code limit <= 0} loads all. */
  public static ImageDataset load(Path root, String split, int limit) throws IOException {
    List<Path> files = labelledFiles(root.resolve(split));
    if (limit > 0 && limit < files.size()) {
      files = files.subList(0, limit);
    }
    int[] labels = files.stream().mapToInt(Food11::label).toArray();
    return new ImageDataset(decode(files), labels, files.size(), 3, CROP, CROP, CLASSES);
  }

  /** The unlabelled {@code evaluation} images, by file name; their labels read 0. */
  public static ImageDataset loadEvaluation(Path root, List<String> idsOut) throws IOException {
    List<Path> files = imageFiles(root.resolve(EVALUATION)).sorted().toList();
    files.forEach(f -> idsOut.add(id(f)));
    return new ImageDataset(
        decode(files), new int[files.size()], files.size(), 3, CROP, CROP, CLASSES);
  }

  /** The file name without its extension: the {@code Id} column of a prediction CSV. */
  public static String id(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  private static List<Path> labelledFiles(Path dir) throws IOException {
    return imageFiles(dir)
        .sorted(Comparator.comparingInt((Path f) -> index(f)).thenComparingInt(Food11::label))
        .toList();
  }

  private static Stream<Path> imageFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(
          "no folder " + dir + " (Food-11 has training/, validation/ and" + " evaluation/)");
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list
          .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g"))
          .toList()
          .stream();
    }
  }

  private static int label(Path file) {
    return Integer.parseInt(parse(file).group(1));
  }

  private static int index(Path file) {
    return Integer.parseInt(parse(file).group(2));
  }

  private static Matcher parse(Path file) {
    Matcher m = LABELLED.matcher(file.getFileName().toString());
    if (!m.matches() || Integer.parseInt(m.group(1)) >= CLASSES) {
      throw new IllegalArgumentException(
          file + " is not named <label>_<index>.jpg with a label" + " from 0 to " + (CLASSES - 1));
    }
    return m;
  }

  private static BytePixels decode(List<Path> files) {
    int size = 3 * CROP * CROP;
    byte[] data = new byte[Math.multiplyExact(files.size(), size)];
    IntStream.range(0, files.size())
        .parallel()
        .forEach(
            i -> {
              try {
                BufferedImage image = ImageIO.read(files.get(i).toFile());
                if (image == null) {
                  throw new IOException("not a readable JPEG");
                }
                writeChw(centerCrop(resizeShorterSide(image, RESIZE), CROP), data, i * size);
              } catch (IOException e) {
                throw new UncheckedIOException(
                    "cannot read " + files.get(i) + ": " + e.getMessage(), e);
              }
            });
    return new BytePixels(data, 3, CROP, CROP, MEAN, STD);
  }

  /**
   * torchvision's Resize(int): the shorter side becomes {@code target}, the longer one scales
   * (truncated).
   */
  static BufferedImage resizeShorterSide(BufferedImage image, int target) {
    int w = image.getWidth();
    int h = image.getHeight();
    int newW = w <= h ? target : (int) ((long) target * w / h);
    int newH = w <= h ? (int) ((long) target * h / w) : target;
    BufferedImage current = toRgb(image);
    // halve first while far above the target: one bilinear step would skip pixels (aliasing)
    while (current.getWidth() >= 2 * newW && current.getHeight() >= 2 * newH) {
      current = scale(current, current.getWidth() / 2, current.getHeight() / 2);
    }
    return scale(current, newW, newH);
  }

  /** torchvision's CenterCrop: offsets round((size - crop) / 2), Python's round (half to even). */
  static BufferedImage centerCrop(BufferedImage image, int crop) {
    int left = (int) Math.rint((image.getWidth() - crop) / 2.0);
    int top = (int) Math.rint((image.getHeight() - crop) / 2.0);
    return image.getSubimage(left, top, crop, crop);
  }

  private static BufferedImage toRgb(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    return scale(image, image.getWidth(), image.getHeight());
  }

  private static BufferedImage scale(BufferedImage image, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  private static void writeChw(BufferedImage image, byte[] data, int offset) {
    int plane = CROP * CROP;
    for (int y = 0; y < CROP; y++) {
      for (int x = 0; x < CROP; x++) {
        int rgb = image.getRGB(x, y);
        int at = offset + y * CROP + x;
        data[at] = (byte) (rgb >> 16);
        data[at + plane] = (byte) (rgb >> 8);
        data[at + 2 * plane] = (byte) rgb;
      }
    }
  }
}
