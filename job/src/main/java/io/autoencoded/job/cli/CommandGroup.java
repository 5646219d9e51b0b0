package io.autoencoded.job.cli;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A command whose first word picks a sub-command, as in {@code bench ingest|train|reconstruct}. */
public final class CommandGroup implements Command {
  private final String name;
  private final String summary;
  private final Map<String, Command> members = new TreeMap<>();

  public CommandGroup(String name, String summary) {
    this.name = name;
    this.summary = summary;
  }

  public CommandGroup with(String word, Command command) {
    members.put(word, command);
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String summary() {
    return summary + " (" + String.join("|", members.keySet()) + ")";
  }

  @Override
  public Set<String> options() {
    Set<String> all = new HashSet<>();
    members.values().forEach(c -> all.addAll(c.options()));
    return all;
  }

  @Override
  public Set<String> flags() {
    Set<String> all = new HashSet<>();
    members.values().forEach(c -> all.addAll(c.flags()));
    return all;
  }

  @Override
  public int run(Invocation invocation) throws Exception {
    if (invocation.positionals().isEmpty() || !members.containsKey(invocation.positionals().get(0))) {
      throw new UserException("'" + name + "' needs one of " + String.join(", ", members.keySet())
          + ": e.g. autoencoded " + name + " " + members.keySet().iterator().next() + " ...");
    }
    Command member = members.get(invocation.positionals().get(0));
    // re-check the options against the chosen member alone
    return member.run(invocation.forMember(member));
  }
}
