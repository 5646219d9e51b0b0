package io.autoencoded.job.train;

import io.autoencoded.job.progress.HumanDuration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * What a run's estimate is held against before the long work starts: {@code train.warn-after-hours}, above which
 * the user is told and shown the ways to a shorter run, and {@code --max-hours}, above which the run does not
 * start at all (a scheduled or unattended run must not occupy a machine for days by mistake).
 *
 * @param maxHours       --max-hours, if given
 * @param warnAfterHours train.warn-after-hours
 */
public record TrainingTimeLimit(OptionalDouble maxHours, double warnAfterHours) {
  /** The ways to a shorter run, as the warning and the stop name them. */
  static final String SHORTER = "ask for fewer epochs (--epochs N), train a smaller model on smaller frames "
      + "(--set model.filters=F --set frames.height=H --set frames.width=W), spread it over more replicas "
      + "(--set train.workers=N on a larger cluster) or train on a GPU (deploy/README.md)";

  /**
   * Says when the estimate is above the warning threshold; throws an {@link OverTimeLimitException} when it is
   * above --max-hours (nothing has been trained or stored by then).
   */
  public void check(RunEstimate estimate, Consumer<String> say) {
    double hours = estimate.hours();
    if (maxHours.isPresent() && hours > maxHours.getAsDouble()) {
      throw new OverTimeLimitException(String.format(Locale.ROOT, "Training did not start: the estimate is %s, above "
              + "--max-hours %s: %s, or raise --max-hours; nothing was trained and nothing stored was lost.",
          HumanDuration.of(estimate.seconds()), number(maxHours.getAsDouble()), SHORTER));
    }
    if (hours > warnAfterHours) {
      say.accept(String.format(Locale.ROOT, "warning: the estimate, %s, is above train.warn-after-hours (%s h): "
              + "to make it shorter, %s; --max-hours H stops a run estimated above H hours before it starts. "
              + "Training goes on.", HumanDuration.of(estimate.seconds()), number(warnAfterHours), SHORTER));
    }
  }

  private static String number(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
