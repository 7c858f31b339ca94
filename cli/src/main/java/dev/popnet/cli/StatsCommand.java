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
@Command(name = "stats", description = "Query stats endpoints (edge, PoP, DNS, origin) and print them as one table.")
public final class StatsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "1..*", paramLabel = "URL",
            description = "Stats endpoints; a URL without a path gets /stats (e.g. http://127.0.0.1:8081).")
    List<String> urls;

    @Option(names = "--json", description = "Print one JSON object keyed by URL instead of a table.")
    boolean json;

    @Option(names = "--watch", arity = "0..1", fallbackValue = "2", paramLabel = "SECONDS",
            description = "Refresh every SECONDS (default 2) until interrupted.")
    Integer watchSeconds;

    @Option(names = "--timeout", defaultValue = "3s", paramLabel = "DURATION", description = "Per-request timeout (default 3s).",
            converter = DurationConverter.class)
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        PrintWriter out = spec.commandLine().getOut();
        while (true) {
            int failures = printOnce(client, out);
            if (watchSeconds == null) {
                return failures == 0 ? 0 : 1;
            }
            Thread.sleep(watchSeconds * 1000L);
        }
    }

    private int printOnce(HttpClient client, PrintWriter out) {
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
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                table.addError(uri.toString(), message);
                all.putObject(uri.toString()).put("error", message);
            }
        }
        if (watchSeconds != null && !json) {
            out.print("\033[H\033[2J");
        }
        out.print(json ? all.toPrettyString() + "\n" : table.render());
        out.flush();
        return failures;
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
            throw new IllegalStateException("not JSON: " + e.getMessage());
        }
    }
}
