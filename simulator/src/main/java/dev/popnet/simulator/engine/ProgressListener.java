package dev.popnet.simulator.engine;

/** Told how far a run has got; the CLI draws a progress bar from it. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> { };

    void progress(long done, long total);
}
