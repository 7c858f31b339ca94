package dev.popnet.cli;

import dev.popnet.core.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of popnet.jar: a thin picocli layer over the modules' plain Java APIs. */
@Command(name = "popnet", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A CDN you can run for real and simulate.%n",
        commandListHeading = "%nCommands:%n",
        footer = "%nEvery option can also come from a YAML file (--config) or a POPNET_* environment variable;"
                + "%nflags win over env, env over the file, the file over defaults.")
public final class Popnet implements Runnable {
    /** Exit code for a bad config file, flag or environment variable: nothing was started. */
    public static final int EXIT_CONFIG = 2;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Popnet());
        cl.addSubcommand(new OriginCommand());
        cl.addSubcommand(new EdgeCommand());
        cl.addSubcommand(new DnsCommand());
        cl.addSubcommand(new UpCommand());
        cl.addSubcommand(new DownCommand());
        cl.addSubcommand(new LiveCommand());
        cl.addSubcommand(new SimulateCommand());
        cl.addSubcommand(new StatsCommand());
        cl.addSubcommand(new PurgeCommand());
        cl.setExecutionExceptionHandler(Popnet::handle);
        return cl;
    }

    /** Server commands return only once they have shut down (SIGTERM, Ctrl-C), so exiting here is safe. */
    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean verbose = parsed.hasMatchedOption("--verbose");
        if (e instanceof ConfigException) {
            err.println("popnet: bad configuration: " + e.getMessage());
            err.flush();
            return EXIT_CONFIG;
        }
        err.println("popnet " + cl.getCommandName() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        if (verbose) {
            e.printStackTrace(err);
        } else {
            err.println("(run with --verbose for details)");
        }
        err.flush();
        return 1;
    }
}
