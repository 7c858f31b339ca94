package dev.popnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code popnet stats URL...}: fetches stats endpoints of edges, PoPs, DNS routers and origins and prints them side by side. */
@Command(name = "stats", addMethodSubcommands = false, description = "Query stats endpoints (edge, PoP, DNS, origin) and print them as one table.")
public final class StatsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "1..*", paramLabel = "URL",
            description = "Stats endpoints; a URL without a path gets /stats (e.g. http://127.0.0.1:8081).")
    List<String> urls;

    @Option(names = "--json", description = "Print one JSON object keyed by URL instead of a table.")
    boolean json;

    @Option(names = "--watch", arity = "0..1", fallbackValue = "2", paramLabel = "SECONDS",
            description = "Refresh every SECONDS (default 2; fractions and units work: 0.5, 250ms) until interrupted; "
                    + "counters show their rate per second.")
    String watch;

    @Option(names = "--timeout", defaultValue = "3s", paramLabel = "DURATION", description = "Per-request timeout (default 3s).",
            converter = DurationConverter.class)
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Duration every = watch == null ? null : interval(watch);
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null;
        StatsTable previous = null;
        long previousAt = 0;
        while (true) {
            long at = System.nanoTime();
            Round round = fetchAll(client);
            if (every == null) {
                out.print(json ? round.json().toPrettyString() + "\n" : round.table().render());
                out.flush();
                return round.failures() == 0 ? 0 : 1;
            }
            if (json) {
                out.println(round.json().toString()); // one document per line, for tools that follow it
            } else {
                // A terminal is redrawn in place; a file or pipe gets one table after the other.
                out.print(terminal ? "\033[H\033[2J" : "\n");
                out.println("popnet stats at " + java.time.LocalTime.now().withNano(0) + ", every " + dev.popnet.core.config.Durations.format(every) + (terminal ? " (Ctrl-C stops)" : ""));
                out.print(round.table().render(previous, (at - previousAt) / 1e9));
            }
            out.flush();
            previous = round.table();
            previousAt = at;
            Thread.sleep(Math.max(1, every.toMillis() - (System.nanoTime() - at) / 1_000_000));
        }
    }

    /** "2", "0.5" (seconds) or a duration with a unit ("250ms"). */
    private static Duration interval(String text) {
        Duration d;
        try {
            d = Duration.ofNanos(Math.round(Double.parseDouble(text) * 1e9));
        } catch (NumberFormatException withUnit) {
            d = dev.popnet.core.config.Durations.parse(text);
        }
        if (d.toMillis() < 1) {
            throw new IllegalArgumentException("--watch needs a positive interval (got " + text + ")");
        }
        return d;
    }

    private record Round(StatsTable table, ObjectNode json, int failures) {
    }

    private Round fetchAll(HttpClient client) {
        StatsTable table = new StatsTable();
        ObjectNode all = JSON.createObjectNode();
        int failures = 0;
        for (String url : urls) {
            URI uri = statsUri(url);
            try {
                JsonNode doc = fetch(client, uri);
                table.add(uri.toString(), doc);
                all.set(uri.toString(), doc);
            } catch (Exception e) {
                failures++;
                String message = Errors.describe(e);
                table.addError(uri.toString(), message);
                all.putObject(uri.toString()).put("error", message);
            }
        }
        return new Round(table, all, failures);
    }

    static URI statsUri(String url) {
        String withScheme = url.contains("://") ? url : "http://" + url;
        URI uri = URI.create(withScheme);
        return uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/") ? uri.resolve("/stats") : uri;
    }

    private JsonNode fetch(HttpClient client, URI uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            String start = response.body().strip();
            throw new IllegalStateException("not JSON: " + (start.length() > 40 ? start.substring(0, 40) + "..." : start));
        }
    }
}
