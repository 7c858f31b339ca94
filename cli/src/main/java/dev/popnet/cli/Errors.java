package dev.popnet.cli;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/** Turns an exception into words for a person: the first message in its causes, never a Java class name or "null". */
final class Errors {
    private Errors() {
    }

    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String known = known(t);
            if (known != null) {
                return known;
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return strip(t.getMessage());
            }
        }
        return words(e.getClass().getSimpleName());
    }

    private static String known(Throwable t) {
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
            return "timed out";
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof ClosedChannelException) {
            return "connection closed";
        }
        return null;
    }

    /** "java.io.IOException: x" → "x": what a nested exception's toString() leaves in a message. */
    private static String strip(String message) {
        return message.replaceAll("^(?:[a-z]+\\.)+[A-Z]\\w*(?:Exception|Error): ", "");
    }

    /** "UncheckedIOException" → "unchecked io", the last resort when nothing says more. */
    private static String words(String className) {
        String base = className.replaceAll("(Exception|Error)$", "");
        return base.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT).trim() + " error";
    }
}
