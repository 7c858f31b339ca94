package dev.popnet.cli;

import sun.misc.Signal;

/** Unix signals a server reacts to besides SIGTERM/SIGINT (which the JVM turns into shutdown hooks). */
final class Signals {
    private Signals() {
    }

    /** SIGUSR1 runs {@code action}, as it makes nginx reopen its log files after logrotate. */
    @SuppressWarnings("sunapi")
    static void onUsr1(Runnable action) {
        try {
            Signal.handle(new Signal("USR1"), s -> action.run());
        } catch (IllegalArgumentException unsupported) {
            // no SIGUSR1 here (or the JVM uses it): logs are then reopened only on restart
        }
    }
}
