package dev.popnet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version and git commit the build wrote into build.properties (git-commit-id-maven-plugin). */
final class Version implements CommandLine.IVersionProvider {
    /** What was built: Maven version, abbreviated commit, and whether the tree had uncommitted changes. */
    record Build(String version, String commit, boolean dirty) {
        String describe() {
            return "popnet " + version + " (commit " + commit + (dirty ? ", with uncommitted changes" : "") + ")";
        }
    }

    /** Read on first use: picocli makes this provider with the root command, which every run builds. */
    private static final class Current {
        static final Build BUILD = read();
    }

    static Build current() {
        return Current.BUILD;
    }

    @Override
    public String[] getVersion() {
        return new String[] {current().describe()};
    }

    private static Build read() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable file says no more than a missing one
        }
        return new Build(p.getProperty("git.build.version", "unknown"), p.getProperty("git.commit.id.abbrev", "unknown"),
                Boolean.parseBoolean(p.getProperty("git.dirty", "false")));
    }
}
