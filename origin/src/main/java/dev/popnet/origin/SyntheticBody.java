package dev.popnet.origin;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Streams a synthetic object in chunks as fast as the client reads, never holding more than the write queue. */
final class SyntheticBody implements Representation.Body {
    private static final int CHUNK = 64 * 1024;
    private final long seed;

    SyntheticBody(long seed) {
        this.seed = seed;
    }

    @Override
    public Future<Void> send(HttpServerResponse response, long first, long count) {
        Promise<Void> done = Promise.promise();
        new Writer(response, first, count, done).pump();
        return done.future();
    }

    private final class Writer {
        private final HttpServerResponse response;
        private final Promise<Void> done;
        private long position;
        private long remaining;

        Writer(HttpServerResponse response, long first, long count, Promise<Void> done) {
            this.response = response;
            this.position = first;
            this.remaining = count;
            this.done = done;
        }

        void pump() {
            while (remaining > 0 && !response.writeQueueFull()) {
                if (response.closed()) {
                    done.tryFail("client went away");
                    return;
                }
                int n = (int) Math.min(CHUNK, remaining);
                byte[] chunk = new byte[n];
                SyntheticObject.fill(seed, position, chunk, 0, n);
                position += n;
                remaining -= n;
                if (remaining == 0) { // the last piece ends the response: a small one goes out with its head as one message
                    response.end(Buffer.buffer(chunk)).onComplete(done);
                    return;
                }
                response.write(Buffer.buffer(chunk));
            }
            if (remaining == 0) {
                response.end().onComplete(done);
            } else {
                response.drainHandler(v -> pump());
            }
        }
    }
}
