package io.autoencoded.job.cli;

import io.autoencoded.job.config.Settings;
import io.autoencoded.job.config.SettingsLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One parsed command line: the command, the options every command takes (--store, --master, --conf, --set,
 * --verbose) and the command's own options, checked against what the command declares.
 */
public final class Invocation {
  private static final Set<String> COMMON_VALUED = Set.of("store", "master", "conf", "set");
  private static final Set<String> COMMON_FLAGS = Set.of("verbose");

  private final String command;
  private final List<String> positionals;
  private final Map<String, List<String>> values;
  private final Set<String> flags;

  private Invocation(String command, List<String> positionals, Map<String, List<String>> values, Set<String> flags) {
    this.command = command;
    this.positionals = List.copyOf(positionals);
    this.values = values;
    this.flags = Set.copyOf(flags);
  }

  /**
   * Parses {@code args} (without the command word) for a command that takes the given valued options and
   * flags. {@code --name value} and {@code --name=value} are both accepted.
   */
  public static Invocation parse(String command, String[] args, Set<String> valued, Set<String> flagNames) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    Set<String> flags = new java.util.HashSet<>();
    List<String> positionals = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        positionals.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (COMMON_FLAGS.contains(name) || flagNames.contains(name)) {
        if (inline != null) {
          throw new UserException("Option --" + name + " takes no value: write it alone.");
        }
        flags.add(name);
      } else if (COMMON_VALUED.contains(name) || valued.contains(name)) {
        String value = inline;
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new UserException("Option --" + name + " needs a value: write --" + name + " VALUE.");
          }
          value = args[++i];
        }
        values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else {
        throw new UserException("Unknown option --" + name + " for '" + command + "': see deploy/bin/autoencoded help.");
      }
    }
    return new Invocation(command, positionals, values, flags);
  }

  /** This invocation checked against one member of a {@link CommandGroup}: its options only. */
  Invocation forMember(Command member) {
    for (String name : values.keySet()) {
      if (!COMMON_VALUED.contains(name) && !member.options().contains(name)) {
        throw new UserException("Unknown option --" + name + " for '" + command + " " + positionals.get(0)
            + "': see deploy/bin/autoencoded help.");
      }
    }
    for (String name : flags) {
      if (!COMMON_FLAGS.contains(name) && !member.flags().contains(name)) {
        throw new UserException("Unknown option --" + name + " for '" + command + " " + positionals.get(0)
            + "': see deploy/bin/autoencoded help.");
      }
    }
    return new Invocation(command + " " + positionals.get(0), positionals.subList(1, positionals.size()), values,
        flags);
  }

  public String command() {
    return command;
  }

  public List<String> positionals() {
    return positionals;
  }

  public Optional<String> option(String name) {
    List<String> v = values.get(name);
    if (v == null || v.isEmpty()) {
      return Optional.empty();
    }
    if (v.size() > 1) {
      throw new UserException("Option --" + name + " was given " + v.size() + " times: give it once.");
    }
    return Optional.of(v.get(0));
  }

  public String required(String name) {
    return option(name).orElseThrow(() ->
        new UserException("'" + command + "' needs --" + name + ": add it to the command line."));
  }

  /** A whole-number option of at least 1, if given; anything else is the user's to fix. */
  public java.util.OptionalInt positiveInt(String name) {
    Optional<String> raw = option(name);
    if (raw.isEmpty()) {
      return java.util.OptionalInt.empty();
    }
    try {
      int value = Integer.parseInt(raw.get().trim());
      if (value >= 1) {
        return java.util.OptionalInt.of(value);
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new UserException("--" + name + " needs a whole number of at least 1, got '" + raw.get()
        + "': write e.g. --" + name + " 4.");
  }

  /** A number above 0 (fractions allowed), if given; anything else is the user's to fix. */
  public java.util.OptionalDouble positiveNumber(String name) {
    Optional<String> raw = option(name);
    if (raw.isEmpty()) {
      return java.util.OptionalDouble.empty();
    }
    try {
      double value = Double.parseDouble(raw.get().trim());
      if (value > 0 && Double.isFinite(value)) {
        return java.util.OptionalDouble.of(value);
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new UserException("--" + name + " needs a number above 0, got '" + raw.get() + "': write e.g. --" + name
        + " 12.");
  }

  public int positiveInt(String name, int fallback) {
    return positiveInt(name).orElse(fallback);
  }

  public List<String> all(String name) {
    return List.copyOf(values.getOrDefault(name, List.of()));
  }

  public boolean flag(String name) {
    return flags.contains(name);
  }

  public boolean verbose() {
    return flag("verbose");
  }

  public String master() {
    return option("master").orElse("local[*]");
  }

  public boolean isLocal() {
    return master().startsWith("local");
  }

  /** The layered, validated settings: defaults, then --conf files, then --set, then --store. */
  public Settings settings() {
    return settings(List.of());
  }

  /** As {@link #settings()}, with {@code presets} layered under the user's --conf files (e.g. the demo's). */
  public Settings settings(List<Path> presets) {
    List<Path> overlays = new ArrayList<>(presets);
    for (String c : all("conf")) {
      overlays.add(Path.of(c));
    }
    Map<String, String> sets = new LinkedHashMap<>();
    for (String kv : all("set")) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new UserException("--set needs KEY=VALUE, got '" + kv + "': write it as --set train.epochs=2.");
      }
      sets.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    option("store").ifPresent(s -> sets.put("store.root", s));
    return SettingsLoader.load(overlays, sets);
  }
}
