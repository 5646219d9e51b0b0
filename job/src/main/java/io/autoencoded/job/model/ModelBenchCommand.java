package io.autoencoded.job.model;

import io.autoencoded.job.cli.Command;
import io.autoencoded.job.cli.Invocation;
import io.autoencoded.job.cli.UserException;
import io.autoencoded.job.config.Settings;
import java.util.Set;

/**
 * {@code bench train|reconstruct} (or {@code bench-model train|reconstruct} [--height H --width W --filters F --latent Z --batch B --steps N]}: the
 * model benchmark on generated frames; sizes default to the configuration, the engine is {@code model.engine}. Prints
 * JSON as the last line.
 */
public final class ModelBenchCommand implements Command {
  private final String fixedKind;

  /** The kind comes from the first word or --kind (default train). */
  public ModelBenchCommand() {
    this(null);
  }

  /** A fixed kind, for {@code CommandGroup("bench").with("train", new ModelBenchCommand("train"))}. */
  public ModelBenchCommand(String kind) {
    this.fixedKind = kind;
  }

  @Override
  public String name() {
    return "bench-model";
  }

  @Override
  public String summary() {
    return "measure model training or reconstruction speed on generated frames; last line JSON";
  }

  @Override
  public Set<String> options() {
    return Set.of("kind", "height", "width", "filters", "latent", "batch", "steps");
  }

  @Override
  public int run(Invocation invocation) {
    String kind = fixedKind != null ? fixedKind : invocation.option("kind")
        .orElseGet(() -> invocation.positionals().isEmpty() ? "train" : invocation.positionals().get(0));
    if (!"train".equals(kind) && !"reconstruct".equals(kind)) {
      throw new UserException("The model benchmark measures 'train' or 'reconstruct', got '" + kind
          + "': name one of them.");
    }
    Settings settings = invocation.settings();
    int height = invocation.positiveInt("height", settings.frames().height());
    int width = invocation.positiveInt("width", settings.frames().width());
    if (height % 16 != 0 || width % 16 != 0) {
      throw new UserException("--height and --width must be multiples of 16, got " + height + "x" + width
          + ": the model halves them four times.");
    }
    ModelSpec configured = ModelSpec.from(settings);
    ModelSpec spec = new ModelSpec(height, width, 3, invocation.positiveInt("filters", configured.filters()),
        invocation.positiveInt("latent", configured.latent()), configured.gamma(), configured.learningRate(),
        configured.seed(), configured.optimizer(), configured.beta1(), configured.similarityLayers(),
        configured.equilibrium(), configured.equilibriumTarget(), configured.equilibriumMargin(),
        configured.generatorLoss(), configured.pixelWeight(), configured.ganWeight(),
        configured.similarityNormalisation(), configured.discriminatorBatches(), configured.upsampling(),
        configured.centring());
    boolean torch = io.autoencoded.job.train.ModelEngine.from(settings.config())
        == io.autoencoded.job.train.ModelEngine.TORCH;
    String json = ModelBenchmark.run(kind, spec, invocation.positiveInt("batch", settings.train().batchSize()),
        invocation.positiveInt("steps", 3), torch);
    System.out.println(json);
    return 0;
  }

}
