package dev.popnet.edge.cluster;

/** Checks the host:port form of {@code cluster.members} entries. */
final class HostPort {
    private HostPort() {
    }

    static boolean isValid(String s) {
        if (s == null) {
            return false;
        }
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            return false;
        }
        try {
            int p = Integer.parseInt(s.substring(colon + 1));
            return p > 0 && p <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
