package dev.popnet.edge.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.popnet.core.http.HeaderList;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Heads parsed one after another on one connection: the lines they share are held once. */
class ResponseParserTest {
    private final List<HeaderList> heads = new ArrayList<>();
    private final ResponseParser parser = new ResponseParser(new ResponseParser.Events() {
        @Override
        public void interim(int status, HeaderList headers) {
        }

        @Override
        public void head(int status, String reason, HeaderList headers, long contentLength) {
            heads.add(headers);
        }

        @Override
        public void body(Buffer chunk) {
        }

        @Override
        public void end() {
        }

        @Override
        public void error(UpstreamException e) {
            throw new AssertionError(e);
        }
    });

    private HeaderList parse(String head) {
        parser.expect(false);
        parser.feed(Buffer.buffer(head + "Content-Length: 0\r\n\r\n"));
        return heads.get(heads.size() - 1);
    }

    @Test
    void aLineRepeatedFromTheLastHeadIsTheSameFieldAndAChangedOneIsNew() {
        HeaderList first = parse("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nETag: \"a\"\r\nContent-Type: text/plain\r\n");
        HeaderList second = parse("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nETag: \"b\"\r\nContent-Type: text/plain\r\n");
        assertSame(first.fields().get(0), second.fields().get(0));
        assertSame(first.fields().get(2), second.fields().get(2));
        assertNotSame(first.fields().get(1), second.fields().get(1));
        assertEquals("\"b\"", second.get("ETag"));

        HeaderList shifted = parse("HTTP/1.1 200 OK\r\nAge: 3\r\nCache-Control: max-age=60\r\nETag: \"b\"\r\nContent-Type:  text/plain \r\n");
        assertSame(second.fields().get(0), shifted.fields().get(1), "one field inserted before it");
        assertSame(second.fields().get(1), shifted.fields().get(2));
        assertNotSame(second.fields().get(2), shifted.fields().get(3), "spaced differently: parsed anew");
        assertEquals("text/plain", shifted.get("Content-Type"));
        assertEquals(List.of("Age", "Cache-Control", "ETag", "Content-Type", "Content-Length"),
                shifted.fields().stream().map(HeaderList.Field::name).toList());
    }

    @Test
    void aFoldedLineAfterARepeatedOneMakesANewField() {
        HeaderList first = parse("HTTP/1.1 200 OK\r\nX-List: a\r\n");
        HeaderList folded = parse("HTTP/1.1 200 OK\r\nX-List: a\r\n  b\r\n");
        assertEquals("a", first.get("X-List"));
        assertEquals("a b", folded.get("X-List"));
    }
}
