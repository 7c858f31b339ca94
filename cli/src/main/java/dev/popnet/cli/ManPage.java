package dev.popnet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The man page and the bash/zsh completion script, both made from the picocli commands so they
 * cannot drift from them. The build runs {@link #main} to put them into the distribution.
 */
public final class ManPage {
    private ManPage() {
    }

    /** Writes {@code popnet.1} and {@code popnet.bash} into the folder given. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        CommandLine cl = Popnet.commandLine();
        Files.writeString(dir.resolve("popnet.1"), render(cl));
        Files.writeString(dir.resolve("popnet.bash"), AutoComplete.bash("popnet", cl));
    }

    /** troff for man(1): NAME, SYNOPSIS and the exit codes, then each command's own help text. */
    static String render(CommandLine cl) {
        StringBuilder sb = new StringBuilder();
        sb.append(".TH POPNET 1 \"").append(LocalDate.now()).append("\" \"").append(roff(Version.current().describe()))
                .append("\" \"popnet manual\"\n");
        sb.append(".SH NAME\npopnet \\- a CDN you can run for real and simulate\n");
        sb.append(".SH SYNOPSIS\n.B popnet\n.I COMMAND\n[\\fIOPTIONS\\fR]\n");
        sb.append(".SH DESCRIPTION\n");
        verbatim(sb, cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            sb.append(".SH \"").append(roff(sub.getCommandSpec().qualifiedName())).append("\"\n");
            verbatim(sb, sub.getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        sb.append(".SH FILES\n.TP\n.I /etc/popnet/*.env\nsettings of the systemd units (POPNET_* variables)\n");
        sb.append(".SH SEE ALSO\nREADME.md and configs/README.md of the distribution.\n");
        return sb.toString();
    }

    /** Help text as it prints in a terminal: no filling, no adjusting. */
    private static void verbatim(StringBuilder sb, String text) {
        sb.append(".nf\n");
        text.lines().forEach(l -> sb.append(roff(l).startsWith(".") || roff(l).startsWith("'") ? "\\&" : "").append(roff(l)).append('\n'));
        sb.append(".fi\n");
    }

    private static String roff(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }
}
