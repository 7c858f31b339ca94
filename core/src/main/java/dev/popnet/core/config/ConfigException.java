package dev.popnet.core.config;

/** A configuration that cannot be used; the message names where it came from, the key and the reason. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final String key;
    private final String reason;

    public ConfigException(String source, String key, String reason) {
        super(source + ": " + (key == null || key.isEmpty() ? "" : key + ": ") + reason);
        this.source = source;
        this.key = key;
        this.reason = reason;
    }

    public String source() {
        return source;
    }

    public String key() {
        return key;
    }

    public String reason() {
        return reason;
    }
}
