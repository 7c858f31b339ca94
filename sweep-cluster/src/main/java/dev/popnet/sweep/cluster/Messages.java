package dev.popnet.sweep.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.popnet.core.config.ConfigLoader;
import dev.popnet.simulator.report.PopResult;
import dev.popnet.simulator.scenario.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;

/** What coordinator and workers say to each other, as JSON with the scenario's own key names. */
final class Messages {
    enum Kind { PROBE, CELL }

    /**
     * Run one cell (or, as a probe, only check that this worker could).
     *
     * @param sweep   names the sweep, so an answer cannot be taken for another sweep's
     * @param version the coordinator's popnet build: a worker of another build refuses
     * @param baseDir the folder relative trace paths are read from (the coordinator's, on a shared path)
     * @param trace   the trace the scenario replays, or null for a synthetic workload
     */
    record Order(String sweep, Kind kind, int cell, String version, Scenario scenario, String baseDir, TraceFingerprint trace) {
    }

    /** A cell's totals, or why the worker refused it ({@code refusal} set, {@code total} null). */
    record Answer(String sweep, int cell, String worker, String refusal, PopResult total, double wallSeconds) {
    }

    private Messages() {
    }

    static byte[] write(Object message) {
        try {
            return ConfigLoader.jsonMapper().writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    static <T> T read(byte[] json, Class<T> type) {
        try {
            return ConfigLoader.jsonMapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The message as a tree: its version can be read before the rest, which another build may not even bind. */
    static JsonNode tree(byte[] json) {
        try {
            return ConfigLoader.jsonMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable message: " + e.getMessage(), e);
        }
    }

    static <T> T read(JsonNode tree, Class<T> type) {
        try {
            return ConfigLoader.jsonMapper().treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
