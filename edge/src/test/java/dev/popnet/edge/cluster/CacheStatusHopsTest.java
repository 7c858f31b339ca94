package dev.popnet.edge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheStatusHopsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            RFC 9211 §2: a lone cache sends only its own entry      | ''                                  | edge-a; hit                  | edge-a; hit
            RFC 9211 §2: the hop closest to the user is appended    | owner-b; fwd=uri-miss; stored       | edge-a; fwd=uri-miss         | owner-b; fwd=uri-miss; stored, edge-a; fwd=uri-miss
            RFC 9211 §2: edge -> owner -> parent keeps origin first | shield; hit, owner-b; fwd=uri-miss  | edge-a; fwd=uri-miss         | shield; hit, owner-b; fwd=uri-miss, edge-a; fwd=uri-miss
            """)
    void appendKeepsUpstreamEntriesFirst(String rule, String upstream, String own, String expected) {
        assertEquals(expected, CacheStatusHops.append(upstream, own), rule);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            RFC 9211 §2: list members are separated by commas       | shield; hit, edge-a; fwd=uri-miss              | shield,edge-a
            RFC 9211 §2 / RFC 8941 §3.3.3: quoted commas stay       | shield; detail="a, b", edge-a; hit            | shield,edge-a
            RFC 9211 §2: absent field, no caches                    | ''                                              | ''
            """)
    void cachesAreListedOriginSideFirst(String rule, String field, String names) {
        List<String> expected = names.isEmpty() ? List.of() : List.of(names.split(","));
        assertEquals(expected, CacheStatusHops.caches(field), rule);
    }
}
