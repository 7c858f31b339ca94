package dev.popnet.sweep.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.popnet.core.security.SharedSecret;
import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.report.PopResult;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/** A worker's side of a task: check who sent it and whether this worker can run it, then run it. */
final class WorkerContext {
    /** Where the worker's member keeps this in its user context, for {@link CellTask} to find. */
    static final String KEY = "popnet.sweep.worker";

    private final SharedSecret secret;
    private final String version;
    private final Consumer<String> log;
    private volatile String name = "worker";

    WorkerContext(SharedSecret secret, String version, Consumer<String> log) {
        this.secret = secret;
        this.version = version;
        this.log = log;
    }

    void named(String address) {
        this.name = address;
    }

    CellReply handle(byte[] order, byte[] signature) {
        if (!secret.verify(order, signature)) {
            log.accept("refused a task that is not signed with this cluster's secret");
            throw new SecurityException("refused: the task is not signed with this cluster's secret");
        }
        JsonNode tree = Messages.tree(order);
        String wanted = tree.path("version").asText();
        Messages.Answer answer;
        if (!wanted.equals(version)) {
            // Only the sweep and the cell are read from another build's order: every build writes those alike.
            answer = new Messages.Answer(tree.path("sweep").asText(), tree.path("cell").asInt(-1), name,
                    "this worker runs " + version + ", the sweep needs " + wanted, null, 0);
        } else {
            Messages.Order o = Messages.read(tree, Messages.Order.class);
            Path baseDir = o.baseDir() == null ? null : Path.of(o.baseDir());
            String refusal = o.trace() == null ? null : o.trace().refusal(baseDir);
            if (refusal != null || o.kind() == Messages.Kind.PROBE) {
                answer = new Messages.Answer(o.sweep(), o.cell(), name, refusal, null, 0);
            } else {
                long start = System.nanoTime();
                PopResult total = Simulation.run(o.scenario(), baseDir, ProgressListener.NONE).total();
                double seconds = (System.nanoTime() - start) / 1e9;
                log.accept(String.format(Locale.ROOT, "sweep %s: cell %d in %.2f s", o.sweep(), o.cell(), seconds));
                answer = new Messages.Answer(o.sweep(), o.cell(), name, null, total, seconds);
            }
        }
        if (answer.refusal() != null) {
            log.accept("refused sweep " + answer.sweep() + ": " + answer.refusal());
        }
        byte[] bytes = Messages.write(answer);
        return new CellReply(bytes, secret.sign(bytes));
    }
}
