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

    /** Every line of the field joined with ", " (RFC 9110 §5.3). */
    @Override
    public String list(String name) {
        String first = null;
        StringBuilder sb = null;
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                if (first == null) {
                    first = f.value();
                } else {
                    if (sb == null) {
                        sb = new StringBuilder(first);
                    }
                    sb.append(", ").append(f.value());
                }
            }
        }
        return sb == null ? first : sb.toString();
    }

    /** A copy without the named fields (case-insensitive). */
    public HeaderList without(String... names) {
        List<Field> out = new ArrayList<>(fields.size());
        for (Field f : fields) {
            boolean drop = false;
            for (String n : names) {
                drop |= f.name().equalsIgnoreCase(n);
            }
            if (!drop) {
                out.add(f);
            }
        }
        return out.size() == fields.size() ? this : new HeaderList(out);
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
     * RFC 9111 §4.3.4 and §3.2: a 304 updates the stored header fields it carries, except Content-Length
     * and the framing and content-coding fields that describe the stored body as it was received.
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
