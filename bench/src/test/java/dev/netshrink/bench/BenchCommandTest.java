package dev.netshrink.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The benchmark commands run and print what BENCHMARKS.md quotes (tiny sizes; no timing asserted).
 */
class BenchCommandTest {

  @Test
  void inferencePrintsOneRowPerVariant() {
    String out = run("inference", "--rounds", "1", "--batch", "32", "--ratios", "0.5");

    assertThat(out).contains("| dense |", "| masked 0.50 |", "| structured 0.50 |", "1.00x");
  }

  @Test
  void trainPrintsTrainingAndInferenceThroughputAsJson() {
    String out =
        run(
            "train",
            "--images",
            "256",
            "--epochs",
            "1",
            "--batch",
            "64",
            "--inference-passes",
            "2");

    assertThat(out)
        .containsPattern(
            "\\{\"impl\": \"netshrink \\(DJL [^\"]+\", \"model\": \"student\","
                + " \"layout\": \"channels-last\", \"threads\": 1, \"batch\": 64, \"images\": 256,"
                + " \"images_per_second\": \\[[0-9.]+], \"inference_batch\": 256,"
                + " \"inference_images_per_second\": \\[[0-9.]+, [0-9.]+]}");
  }

  @Test
  void trainRunsTheTeacherInThePlainLayoutToo() {
    String out =
        run(
            "train",
            "--model",
            "teacher",
            "--layout",
            "nchw",
            "--images",
            "128",
            "--epochs",
            "1",
            "--inference-passes",
            "1");

    assertThat(out).contains("\"model\": \"teacher\"", "\"layout\": \"nchw\"");
    assertThat(System.getProperty("netshrink.channels-last")).isNull();
  }

  @Test
  void transportComparesNetshrinkWithRawKafkaClientsOnARealBroker() {
    String out =
        run("transport", "--rounds", "1", "--images", "3000", "--checkpoints", "dw-student");

    assertThat(out)
        .contains(
            "| netshrink FP32 | 0.12 |",
            "| raw kafka-clients, FP32 sizes | 0.12 |",
            "| netshrink FP16 | 0.06 |",
            "| raw kafka-clients, FP16 sizes | 0.06 |",
            "| netshrink checkpoint, dw-student | 0.25 |",
            "| raw kafka-clients, dw-student chunk sizes | 0.25 |");
  }

  @Test
  void orchestratorRunsAManyTrialCampaignOnInstantWorkers() {
    // 300 trials through Kafka: before workers counted themselves free ahead of reporting a job's
    // end, the next assignment could arrive first, be ignored, and the campaign never finish
    String out = run("orchestrator", "--trials", "300", "--students", "3", "--rounds", "1");

    assertThat(out)
        .contains(
            "300 KD trials (+ the teacher), 3 no-op student workers",
            "| trials/s |",
            "| lifecycle events/s |",
            "| scheduling latency p99 (ms) |");
  }

  @Test
  void reuseRunsALoadedTeacherTwiceAndTheSecondFindsItsLogits() {
    // the bench itself fails unless the first computed and the second reused (the events say)
    String out = run("reuse", "--images", "1500", "--rounds", "1");

    assertThat(out)
        .contains(
            "teacher teacher-cnn loaded from its checkpoint, 1,500 training images, 1 round(s)",
            "| teacher job s |",
            "| campaign wall s |");
  }

  @Test
  void naiveTimesTheDemosGridAgainstTheHomeworksLoopInPyTorch() {
    String out =
        run(
            "naive",
            "--reference",
            "pytorch",
            "--grid",
            "five",
            "--images",
            "600",
            "--epochs",
            "1",
            "--rounds",
            "1");

    assertThat(out)
        .contains(
            "4 KD trials + the CE baseline x 1 epochs x 600 images, teacher teacher-cnn",
            "| PyTorch loop, channels-last (teacher forward in every step,",
            "| netshrink (logits once, 2 student workers, fuse auto) |");
  }

  @Test
  void prunersTimeTheSameSlicedSweepWithEachConfiguration() {
    String out =
        run(
            "pruners",
            "--configs",
            "1x1,2x1",
            "--images",
            "300",
            "--test-images",
            "100",
            "--rounds",
            "1");

    assertThat(out)
        .contains("16 pruner jobs", "| pruners x threads |", "| 1x1 |", "| 2x1 |")
        .contains("| 1.00x |");
  }

  @Test
  void memoryReadsThePrunersPeakAfterARealSweep() {
    String out =
        run("memory", "--train-images", "1000", "--test-images", "200", "--ratio-step", "0.5");

    // ratios 0 and 0.5, two methods, two models
    assertThat(out)
        .contains(
            "the demo's sweep (8 points on 200 test images), 1 round(s)",
            "| pruner peak RSS MiB (min / median / max) |",
            "| 2048 MiB | met |");
  }

  @Test
  void torchLatencyTimesTheExportedNetworksInPyTorch() {
    String out =
        run("torch-latency", "--rounds", "1", "--ratios", "0.5", "--batch", "8", "--threads", "1");

    assertThat(out)
        .contains(
            "student (dw-student) exported and run in PyTorch",
            "| dense | 58,378 | 244,200 |",
            "| structured 0.50 | 16,394 |");
  }

  private static String run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      assertThat(BenchCommand.commandLine().execute(args)).isZero();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
