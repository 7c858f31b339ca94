package dev.popnet.cli;

import sun.misc.Signal;

/** Unix signals a server reacts to besides SIGTERM/SIGINT (which the JVM turns into shutdown hooks). */
final class Signals {
    private Signals() {
    }

    /** SIGUSR1 runs {@code action}, as it makes nginx reopen its log files after logrotate. */
    static void onUsr1(Runnable action) {
        on("USR1", action);
    }

    /** SIGHUP (systemctl reload) runs {@code action} instead of stopping the JVM. */
    static void onHup(Runnable action) {
        on("HUP", action);
    }

    @SuppressWarnings("sunapi")
    private static void on(String signal, Runnable action) {
        try {
            Signal.handle(new Signal(signal), s -> action.run());
        } catch (IllegalArgumentException unsupported) {
            // not on this system, or the JVM keeps it for itself: the action is then only reached otherwise
        }
    }
}
