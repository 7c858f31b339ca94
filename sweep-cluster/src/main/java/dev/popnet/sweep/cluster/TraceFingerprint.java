package dev.popnet.sweep.cluster;

import dev.popnet.simulator.engine.RequestSource;
import dev.popnet.simulator.scenario.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A trace as the coordinator sees it: the path the scenario names, its size and SHA-256. Traces are not
 * shipped: each worker reads the path itself (so {@code ${POPNET_SHARED}} is its own shared folder) and
 * refuses the sweep unless it finds the very same bytes there.
 */
record TraceFingerprint(String path, long bytes, String sha256) {
    /** Digests by file, size and modification time: a worker checks its trace once, not once per cell. */
    private static final Map<String, String> DIGESTS = new ConcurrentHashMap<>();

    /** The scenario's trace, or null when its workload is synthetic. */
    static TraceFingerprint of(Scenario scenario, Path baseDir) {
        if (scenario.workload().trace() == null) {
            return null;
        }
        String path = scenario.workload().trace().path();
        Path file = RequestSource.resolve(path, baseDir);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the trace " + path + " is not a file here (" + file + ")");
        }
        return new TraceFingerprint(path, size(file), digest(file));
    }

    /** Why this machine cannot replay the trace, or null when it holds the same file. */
    String refusal(Path baseDir) {
        Path file = RequestSource.resolve(path, baseDir);
        if (!Files.isRegularFile(file)) {
            return "no trace file at " + file + " (the scenario's " + path + "; workers read traces from a shared path, "
                    + "${POPNET_SHARED} is their POPNET_SHARED folder)";
        }
        long size = size(file);
        String sha = digest(file);
        if (size != bytes || !sha.equals(sha256)) {
            return "the trace at " + file + " differs from the coordinator's (" + size + " bytes, sha256 " + sha.substring(0, 12)
                    + "… against " + bytes + " bytes, " + sha256.substring(0, 12) + "…)";
        }
        return null;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(Path file) {
        try {
            String key = file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
            String known = DIGESTS.get(key);
            if (known != null) {
                return known;
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0;) {
                    sha.update(buf, 0, n);
                }
            }
            String hex = HexFormat.of().formatHex(sha.digest());
            DIGESTS.put(key, hex);
            return hex;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trace " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
