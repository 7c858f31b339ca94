package dev.popnet.core.config;

/**
 * Thrown by a config record's constructor when one of its own keys holds a bad value;
 * {@link ConfigLoader} prefixes the key with the record's path and names the source.
 */
public final class InvalidValue extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final String reason;

    public InvalidValue(String key, Object value, String reason) {
        super(key + ": " + reason + " (got " + value + ")");
        this.key = key;
        this.reason = reason + " (got " + value + ")";
    }

    public String key() {
        return key;
    }

    public String reason() {
        return reason;
    }
}
