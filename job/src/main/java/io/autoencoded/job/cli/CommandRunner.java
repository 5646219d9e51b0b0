package io.autoencoded.job.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one {@link Command} from a command line and turns every failure into a non-zero exit whose last stderr
 * line is one sentence (stack traces only with --verbose, and always before that line).
 */
public final class CommandRunner {
  public static final int EXIT_USER_ERROR = 2;
  public static final int EXIT_FAILURE = 1;

  private final Map<String, Command> commands = new TreeMap<>();

  public CommandRunner register(Command command) {
    commands.put(command.name(), command);
    return this;
  }

  public int run(String[] args, PrintStream err) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
      printHelp(System.out);
      return args.length == 0 ? EXIT_USER_ERROR : 0;
    }
    Command command = commands.get(args[0]);
    if (command == null) {
      err.println("Unknown command '" + args[0] + "': run deploy/bin/autoencoded help for the list of commands.");
      return EXIT_USER_ERROR;
    }
    String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    boolean verbose = java.util.Arrays.asList(rest).contains("--verbose");
    try {
      Invocation invocation = Invocation.parse(command.name(), rest, command.options(), command.flags());
      return command.run(invocation);
    } catch (Throwable t) {
      UserException user = userCause(t);
      if (verbose) {
        t.printStackTrace(err);
      }
      if (user != null) {
        err.println(user.getMessage());
        return EXIT_USER_ERROR;
      }
      String what = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage()));
      err.println("'" + command.name() + "' failed unexpectedly (" + what
          + "); nothing stored was changed - re-run with --verbose for the stack trace and report it.");
      return EXIT_FAILURE;
    }
  }

  /** A UserException anywhere in the cause chain (Spark wraps executor failures) is still the user's to fix. */
  static UserException userCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof UserException u) {
        return u;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  public void printHelp(PrintStream out) {
    out.println("usage: autoencoded COMMAND [--store URI] [--master URL] [--conf FILE] [--set KEY=VALUE]... [--verbose]");
    out.println();
    for (Command c : commands.values()) {
      out.printf("  %-12s %s%n", c.name(), c.summary());
    }
  }
}
