package dev.netshrink.protocol.spec;

import dev.netshrink.protocol.wire.WireName;
import java.util.Arrays;
import java.util.List;

/**
 * Every network a campaign can name ({@code teacher.arch}, {@code student.arch}), by the name specs
 * and the wire use, with the role it can play. The workers build each one ({@code Architectures});
 * {@link StudentShape} counts the students' parameters.
 */
public enum Architecture implements WireName {
  /** The Fashion-MNIST teacher: three conv stages and a linear classifier, for 28x28 images. */
  TEACHER_CNN("teacher-cnn", ModelRole.TEACHER),
  /** torchvision's ResNet-18 layout. */
  RESNET18("resnet18", ModelRole.TEACHER),
  /** A teacher trained elsewhere: a TorchScript file ({@code teacher.checkpoint}), for logits. */
  TORCHSCRIPT("torchscript", ModelRole.TEACHER),
  /** The depthwise-separable student with a 3x3 stem, for small images. */
  DW_STUDENT("dw-student", ModelRole.STUDENT),
  /** The reference homework's student for 224x224 images: the same blocks after a 7x7 stem. */
  HW13_STUDENT("hw13-student", ModelRole.STUDENT);

  private final String wireName;
  private final ModelRole role;

  Architecture(String wireName, ModelRole role) {
    this.wireName = wireName;
    this.role = role;
  }

  /** The role this architecture can play in a campaign. */
  public ModelRole role() {
    return role;
  }

  /** The architectures that can play {@code role}. */
  public static List<Architecture> ofRole(ModelRole role) {
    return Arrays.stream(values()).filter(a -> a.role == role).toList();
  }

  /** The architecture spelled {@code name}; an error that lists every name if there is none. */
  public static Architecture fromWireName(String name) {
    return WireName.parse(Architecture.class, name);
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
