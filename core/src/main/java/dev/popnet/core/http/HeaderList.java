package dev.popnet.core.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** An ordered, immutable list of header fields with case-insensitive lookup: how stored responses keep their headers. */
public final class HeaderList implements Headers {
    /** One header field. */
    public record Field(String name, String value) {
    }

    private final List<Field> fields;

    public HeaderList(List<Field> fields) {
        this.fields = Collections.unmodifiableList(new ArrayList<>(fields));
    }

    public List<Field> fields() {
        return fields;
    }

    @Override
    public String get(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** All values of a header joined with ", " (for list-valued fields such as Vary). */
    public String joined(String name) {
        StringBuilder sb = new StringBuilder();
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(f.value());
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** A copy without the named fields, then with the given one added. */
    public HeaderList with(String name, String value) {
        List<Field> out = new ArrayList<>();
        for (Field f : fields) {
            if (!f.name().equalsIgnoreCase(name)) {
                out.add(f);
            }
        }
        out.add(new Field(name, value));
        return new HeaderList(out);
    }

    /**
     * RFC 9111 §4.3.4: a 304 updates the stored header fields it carries, except framing and
     * content-describing fields that belong to the stored body.
     */
    public HeaderList freshenedBy(HeaderList notModified) {
        List<String> replaced = new ArrayList<>();
        for (Field f : notModified.fields) {
            String lower = f.name().toLowerCase(Locale.ROOT);
            if (!KEEP_ON_304.contains(lower) && !replaced.contains(lower)) {
                replaced.add(lower);
            }
        }
        List<Field> out = new ArrayList<>();
        for (Field f : fields) {
            if (!replaced.contains(f.name().toLowerCase(Locale.ROOT))) {
                out.add(f);
            }
        }
        for (Field f : notModified.fields) {
            if (replaced.contains(f.name().toLowerCase(Locale.ROOT))) {
                out.add(f);
            }
        }
        return new HeaderList(out);
    }

    private static final List<String> KEEP_ON_304 = List.of("content-length", "content-encoding", "content-type",
            "content-range", "transfer-encoding", "connection", "keep-alive");
}
