package dev.popnet.edge.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** curl as a test's client: one request, its status, HTTP version, headers, body and what curl said. */
public final class Curl {
    /** What came back; {@code status} is 0 when curl got no response (see {@code exit} and {@code stderr}). */
    public record Response(int exit, int status, String version, Map<String, String> headers, String body, String stderr) {
        /** A header's last value (the final response's), lowercased name; null when absent. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private Curl() {
    }

    public static Response run(Path dir, String... args) throws IOException, InterruptedException {
        Path body = Files.createTempFile(dir, "curl-body", ".out");
        Path head = Files.createTempFile(dir, "curl-head", ".out");
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-o", body.toString(), "-D", head.toString(),
                "-w", "%{http_code} %{http_version}"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new IOException("curl is needed (scripts/install-test-tools.sh installs it)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("curl did not finish: " + String.join(" ", args));
        }
        String[] w = out.strip().split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : Files.readAllLines(head, StandardCharsets.ISO_8859_1)) {
            int colon = line.indexOf(':');
            if (line.startsWith("HTTP/")) {
                headers.clear(); // a new (final) response after interim ones
            } else if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        return new Response(p.exitValue(), w.length > 0 && w[0].matches("\\d+") ? Integer.parseInt(w[0]) : 0, w.length > 1 ? w[1] : "",
                headers, Files.readString(body, StandardCharsets.ISO_8859_1), err);
    }
}
