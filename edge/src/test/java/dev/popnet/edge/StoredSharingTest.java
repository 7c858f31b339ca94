package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.http.HeaderList;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Objects stored one after another share what their header fields have in common (the ASCII bytes of
 * names and values, the parsed directives), and each still sends and obeys exactly its own fields.
 */
class StoredSharingTest {
    private static HeaderList fields(String... nameValues) {
        List<HeaderList.Field> f = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            f.add(new HeaderList.Field(nameValues[i], nameValues[i + 1]));
        }
        return new HeaderList(f);
    }

    private static StoredObject stored(HeaderList headers) {
        return StoredObject.of("cdn.test/a", "", 200, headers, Buffer.buffer("x"), 1000, 1000, 0);
    }

    private static MultiMap sent(StoredObject o) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        o.head().addTo(out, "edge-1", "edge-1; hit");
        return out;
    }

    @Test
    void eachObjectKeepsItsOwnDirectivesAfterAnotherWithOthers() {
        StoredObject cached = stored(fields("Cache-Control", "max-age=600"));
        StoredObject again = stored(fields("Cache-Control", "max-age=600"));
        StoredObject uncached = stored(fields("Cache-Control", "no-cache"));
        StoredObject targeted = stored(fields("Cache-Control", "no-cache", "CDN-Cache-Control", "max-age=60"));

        assertSame(cached.directives(), again.directives(), "the same Cache-Control is parsed once");
        assertEquals(600, cached.directives().seconds("max-age"));
        assertTrue(uncached.directives().has("no-cache"));
        assertFalse(uncached.directives().has("max-age"));
        assertEquals(60, targeted.directives().seconds("max-age"), "CDN-Cache-Control governs where present (RFC 9213)");
        assertFalse(targeted.directives().has("no-cache"));
    }

    @Test
    void headsSendTheirOwnValuesWhateverWasStoredBefore() {
        List<StoredObject> objects = new ArrayList<>();
        for (int i = 0; i < 2000; i++) { // more values than the shared table holds: slots are taken over many times
            objects.add(stored(fields("Content-Type", "text/plain", "ETag", "\"v" + i + "\"", "X-Id", Integer.toString(i))));
        }
        for (int i = 0; i < objects.size(); i++) {
            MultiMap out = sent(objects.get(i));
            assertEquals("\"v" + i + "\"", out.get("ETag"));
            assertEquals(Integer.toString(i), out.get("X-Id"));
            assertEquals("text/plain", out.get("Content-Type"));
            assertEquals("1.1 edge-1", out.get("Via"));
        }
    }
}
