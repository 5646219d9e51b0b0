package io.autoencoded.job.cli;

/** A contract command whose implementation has not landed yet: says so plainly and exits non-zero. */
public record NotYetCommand(String name, String summary, String issue) implements Command {
  @Override
  public java.util.Set<String> options() {
    return java.util.Set.of("film", "film-id", "out", "model", "from", "epochs", "inbox", "height", "width",
        "filters", "latent", "batch", "steps");
  }

  @Override
  public java.util.Set<String> flags() {
    return java.util.Set.of("side-by-side", "no-audio", "replace");
  }

  @Override
  public int run(Invocation invocation) {
    throw new UserException("'" + name + "' is not implemented yet (" + issue + "): use the commands that are, "
        + "listed by deploy/bin/autoencoded help.");
  }
}
