package dev.popnet.cli;

import dev.popnet.core.config.ConfigException;
import dev.popnet.core.config.ConfigLoader;
import dev.popnet.dns.DnsConfig;
import dev.popnet.edge.EdgeConfig;
import dev.popnet.edge.EdgeServer;
import dev.popnet.origin.OriginConfig;
import dev.popnet.simulator.report.ReportFormat;
import dev.popnet.simulator.trace.TraceFormat;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of popnet.jar: a thin picocli layer over the modules' plain Java APIs. */
@Command(name = "popnet", addMethodSubcommands = false, mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A CDN you can run for real and simulate.%n",
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:runtime failure (a server stopped, an endpoint was unreachable, ...)",
            "2:usage or configuration error (nothing was started)"},
        footer = {"%nServer settings come from a YAML file (--config), POPNET_* environment variables and flags;",
            "flags win over env, env over the file, the file over built-in defaults.",
            "'popnet help COMMAND' or 'popnet COMMAND --help' shows one command."})
public final class Popnet implements Runnable {
    /** Exit code for a runtime failure. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code for a bad config file, flag or environment variable: nothing was started. */
    public static final int EXIT_CONFIG = 2;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @Option(names = "--log-level", scope = CommandLine.ScopeType.INHERIT, paramLabel = "LEVEL[,LOGGER=LEVEL...]",
            defaultValue = "${env:POPNET_LOG_LEVEL:-info}",
            description = "Log level, and per logger, e.g. debug or info,com.hazelcast=warn (env POPNET_LOG_LEVEL; default info).")
    void logLevel(String levels) {
        try {
            Logging.levels(levels);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--log-level': " + e.getMessage());
        }
    }

    @Option(names = "--log-format", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FORMAT",
            defaultValue = "${env:POPNET_LOG_FORMAT:-text}",
            description = "Log format on stderr: ${COMPLETION-CANDIDATES} (env POPNET_LOG_FORMAT; default text).")
    void logFormat(Logging.Format format) {
        Logging.format(format);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Every command but help and completion, by name, in the order the help lists them. Run by name, a
     * command is the only one built: picocli builds the model of every command it is given (options,
     * converters, the classes behind them), which was about a third of an edge's time from launch to its
     * first answer and half of a small trace replay's. Every command says {@code addMethodSubcommands =
     * false}: none has subcommand methods, and picocli would otherwise read the annotations of every method
     * of each class to look for them.
     */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("origin", OriginCommand::new);
        commands.put("edge", EdgeCommand::new);
        commands.put("dns", DnsCommand::new);
        commands.put("up", UpCommand::new);
        commands.put("down", DownCommand::new);
        commands.put("live", LiveCommand::new);
        commands.put("simulate", SimulateCommand::new);
        commands.put("worker", WorkerCommand::new);
        commands.put("stats", StatsCommand::new);
        commands.put("purge", PurgeCommand::new);
        commands.put("cds-training", CdsTrainingCommand::new);
        return Collections.unmodifiableMap(commands);
    }

    /**
     * What a command needs before long and can be made while picocli builds the command and parses its
     * flags, in the order the command needs it: a server's config binding, then the JVM's management
     * beans its metrics read (an edge's only at its first scrape, so not here: its start needs Netty's
     * transport, the metrics classes and the operating-system bean); Jackson for a simulation of a
     * scenario, not for a replay, whose reports need none. Jackson's first use is mostly the JVM's locale
     * data behind its date format.
     */
    private static final Map<String, Runnable> HEAD_STARTS = Map.of(
            "edge", () -> {
                ConfigLoader.prepare(EdgeConfig.class);
                EdgeServer.prepare();
            },
            "origin", () -> serverHeadStart(OriginConfig.class),
            "dns", () -> serverHeadStart(DnsConfig.class),
            "simulate", () -> ConfigLoader.jsonMapper()); // a lambda, not a method reference: linking that would load Jackson at every start

    private static void serverHeadStart(Class<?> config) {
        ConfigLoader.prepare(config);
        ManagementFactory.getRuntimeMXBean();
        ManagementFactory.getMemoryMXBean();
        ManagementFactory.getThreadMXBean();
        ManagementFactory.getGarbageCollectorMXBeans();
        ManagementFactory.getOperatingSystemMXBean();
    }

    private static void headStart(Runnable work) {
        if (work == null) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                // Only a head start: the command's own use reports any problem.
            }
        }, "popnet-head-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code popnet --version} alone needs no command: only the root is built. */
    private static final Set<String> VERSION_FLAGS = Set.of("--version", "-V");

    /** Every command: for help, the man page and completion. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /** The root command alone, which is all {@code popnet --version} needs. */
    static CommandLine versionOnly() {
        return configured(new CommandLine(new Popnet()));
    }

    /** With {@code name} (a key of {@link #COMMANDS}), the root command and that one only. */
    private static CommandLine commandLine(String name) {
        CommandLine cl = new CommandLine(new Popnet());
        if (name != null) {
            cl.addSubcommand(COMMANDS.get(name).get());
            return configured(cl);
        }
        COMMANDS.values().forEach(command -> cl.addSubcommand(command.get()));
        cl.addSubcommand(new AutoComplete.GenerateCompletion());
        cl.addSubcommand(new CommandLine.HelpCommand());
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false)
                .description("Print a bash/zsh completion script: source <(popnet generate-completion)");
        return configured(cl);
    }

    private static CommandLine configured(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!sub.getCommandSpec().mixinStandardHelpOptions() && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            }
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(TraceFormat.class, new EnumConverter<>(TraceFormat.class));
        cl.registerConverter(ReportFormat.class, new EnumConverter<>(ReportFormat.class));
        cl.registerConverter(Logging.Format.class, new EnumConverter<>(Logging.Format.class));
        cl.registerConverter(dev.popnet.core.log.AccessLogFormat.class, new EnumConverter<>(dev.popnet.core.log.AccessLogFormat.class));
        cl.setParameterExceptionHandler(Popnet::badUsage);
        cl.setExecutionExceptionHandler(Popnet::handle);
        return cl;
    }

    /** Server commands return only once they have shut down (SIGTERM, Ctrl-C), so exiting here is safe. */
    public static void main(String[] args) {
        String name = args.length > 0 && COMMANDS.containsKey(args[0]) ? args[0] : null;
        headStart(name == null || isReplay(args) ? null : HEAD_STARTS.get(name));
        CommandLine cl = args.length == 1 && VERSION_FLAGS.contains(args[0]) ? versionOnly() : commandLine(name);
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }

    /** {@code simulate --replay}: a trace through caches, whose reports are written without Jackson. */
    private static boolean isReplay(String[] args) {
        return args[0].equals("simulate") && java.util.Arrays.stream(args).anyMatch(a -> a.equals("--replay") || a.startsWith("--replay="));
    }

    /** A flag picocli could not parse or convert: say what, point at the help, exit 2. */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(prefix(cl) + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.");
        }
        err.flush();
        return EXIT_CONFIG;
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean verbose = parsed.hasMatchedOption("--verbose");
        int code;
        if (e instanceof ConfigException) {
            err.println("popnet: bad configuration: " + e.getMessage());
            code = EXIT_CONFIG;
        } else if (e instanceof IllegalArgumentException) {
            err.println(prefix(cl) + Errors.describe(e));
            code = EXIT_CONFIG;
        } else {
            err.println(prefix(cl) + Errors.describe(e));
            code = EXIT_FAILURE;
        }
        if (verbose) {
            e.printStackTrace(err);
        } else if (code == EXIT_FAILURE) {
            err.println("(run with --verbose for details)");
        }
        err.flush();
        return code;
    }

    private static String prefix(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName() + ": ";
    }
}
