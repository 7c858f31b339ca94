package dev.popnet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.popnet.core.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code popnet purge}: calls the purge API of one or more edge nodes. */
@Command(name = "purge", addMethodSubcommands = false, description = "Purge cached objects on edge nodes by URL, prefix or surrogate key.")
public final class PurgeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "EDGE", description = "Edge base URLs, e.g. http://127.0.0.1:8081")
    List<String> edges;

    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--url", paramLabel = "PATH", description = "One object: path and query, e.g. /img/logo.png?w=200") String url;
        @Option(names = "--prefix", paramLabel = "PATH", description = "Every object whose path starts with this.") String prefix;
        @Option(names = "--surrogate-key", paramLabel = "TAG", description = "Every object tagged so in its Surrogate-Key header.") String surrogateKey;
    }

    @Option(names = "--token", description = "Purge token (default: environment variable POPNET_PURGE_TOKEN).")
    String token;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String bearer = token != null ? token : System.getenv("POPNET_PURGE_TOKEN");
        if (bearer == null) {
            throw new IllegalArgumentException("no token: pass --token or set POPNET_PURGE_TOKEN");
        }
        ObjectNode body = ConfigLoader.jsonMapper().createObjectNode();
        if (target.url != null) {
            body.put("url", target.url);
        } else if (target.prefix != null) {
            body.put("prefix", target.prefix);
        } else {
            body.put("surrogate-key", target.surrogateKey);
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        int failures = 0;
        for (String edge : edges) {
            String base = edge.contains("://") ? edge : "http://" + edge;
            HttpRequest request = HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + "/purge")).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                spec.commandLine().getOut().println(base + ": " + (r.statusCode() == 200 ? r.body().trim() : "HTTP " + r.statusCode() + " " + r.body().trim()));
                failures += r.statusCode() == 200 ? 0 : 1;
            } catch (java.io.IOException e) {
                spec.commandLine().getOut().println(base + ": unreachable: " + Errors.describe(e));
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
