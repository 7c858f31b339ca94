package dev.popnet.simulator.trace;

/**
 * A trace read one request at a time into primitive fields, without allocating per request: the replay
 * loop's view of a trace. {@link #advance()} moves to the next request; the accessors then describe it.
 * Times are in the trace's own unit, as written.
 */
public interface TraceCursor extends AutoCloseable {
    /** {@link #nextAccess()} when the trace does not carry next-access times. */
    long UNKNOWN = -2;
    /** {@link #nextAccess()} for a request whose object is never requested again. */
    long NEVER = Long.MAX_VALUE;

    /** Moves to the next request; false at the end of the trace. */
    boolean advance();

    long time();

    long id();

    long size();

    /** Position (any increasing count) of the next request for the same object, {@link #NEVER}, or {@link #UNKNOWN}. */
    default long nextAccess() {
        return UNKNOWN;
    }

    /** Where the cursor is, for error messages: "line 12" or "record 40". */
    String position();

    @Override
    void close();
}
