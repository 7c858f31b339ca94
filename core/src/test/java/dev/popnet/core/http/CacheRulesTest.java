package dev.popnet.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each row names the section of RFC 9111 (or 5861, 9213) it checks. Headers are written "Name: value | Name: value". */
class CacheRulesTest {
    static Headers h(String spec) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (spec != null) {
            for (String field : spec.split("\\|")) {
                int colon = field.indexOf(':');
                m.put(field.substring(0, colon).trim(), field.substring(colon + 1).trim());
            }
        }
        return m::get;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', nullValues = "null", textBlock = """
            §3 GET 200 max-age storable                 ; GET  ; null                        ; 200 ; Cache-Control: max-age=60            ; 100 ; null
            §3 POST not stored                          ; POST ; null                        ; 200 ; Cache-Control: max-age=60            ; 100 ; METHOD
            §5.2.1.5 request no-store                   ; GET  ; Cache-Control: no-store     ; 200 ; Cache-Control: max-age=60            ; 100 ; REQUEST_NO_STORE
            §5.2.2.5 response no-store                  ; GET  ; null                        ; 200 ; Cache-Control: no-store              ; 100 ; NO_STORE
            RFC9213 §2 CDN-CC no-store wins             ; GET  ; null                        ; 200 ; Cache-Control: max-age=60 | CDN-Cache-Control: no-store ; 100 ; NO_STORE
            §5.2.2.7 private in a shared cache          ; GET  ; null                        ; 200 ; Cache-Control: private, max-age=60   ; 100 ; PRIVATE
            §3.5 Authorization without public           ; GET  ; Authorization: Bearer x     ; 200 ; Cache-Control: max-age=60            ; 100 ; AUTHORIZATION
            §3.5 Authorization with s-maxage            ; GET  ; Authorization: Bearer x     ; 200 ; Cache-Control: s-maxage=60          ; 100 ; null
            §3.5 Authorization with public              ; GET  ; Authorization: Bearer x     ; 200 ; Cache-Control: public, max-age=60    ; 100 ; null
            Set-Cookie not shared unless public         ; GET  ; null                        ; 200 ; Cache-Control: max-age=60 | Set-Cookie: a=1 ; 100 ; SET_COOKIE
            Set-Cookie with public                      ; GET  ; null                        ; 200 ; Cache-Control: public, max-age=60 | Set-Cookie: a=1 ; 100 ; null
            §4.1 Vary star never matches                ; GET  ; null                        ; 200 ; Cache-Control: max-age=60 | Vary: *  ; 100 ; VARY_STAR
            size limit                                  ; GET  ; null                        ; 200 ; Cache-Control: max-age=60            ; 2000; TOO_LARGE
            §4.2.2 404 heuristically cacheable          ; GET  ; null                        ; 404 ; Last-Modified: Sun, 01 Nov 2026 00:00:00 GMT ; 100 ; null
            §3 500 without explicit freshness           ; GET  ; null                        ; 500 ; Last-Modified: Sun, 01 Nov 2026 00:00:00 GMT ; 100 ; STATUS
            §3 302 without explicit freshness           ; GET  ; null                        ; 302 ; Location: /x                         ; 100 ; STATUS
            §3 302 with max-age                         ; GET  ; null                        ; 302 ; Cache-Control: max-age=5             ; 100 ; null
            """)
    void storability(String row, String method, String request, int status, String response, long size, NoCacheReason expected) {
        assertEquals(expected, CacheRules.storability(method, h(request), status, h(response), size, 1000), row);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            RFC9213 §2 CDN-Cache-Control first        ; CDN-Cache-Control: max-age=600 | Cache-Control: s-maxage=60, max-age=10 ; 200 ; 600
            §5.2.2.10 s-maxage over max-age           ; Cache-Control: s-maxage=60, max-age=10 ; 200 ; 60
            §5.2.2.1 max-age                          ; Cache-Control: max-age=10 ; 200 ; 10
            §5.2.2.1 max-age over Expires             ; Cache-Control: max-age=10 | Date: Sun, 01 Nov 2026 00:00:00 GMT | Expires: Sun, 01 Nov 2026 01:00:00 GMT ; 200 ; 10
            §5.3 Expires minus Date                   ; Date: Sun, 01 Nov 2026 00:00:00 GMT | Expires: Sun, 01 Nov 2026 01:00:00 GMT ; 200 ; 3600
            §5.3 invalid Expires is expired           ; Date: Sun, 01 Nov 2026 00:00:00 GMT | Expires: 0 ; 200 ; 0
            §4.2.2 heuristic 10% of Last-Modified age ; Date: Sun, 11 Oct 2026 00:00:00 GMT | Last-Modified: Thu, 01 Oct 2026 00:00:00 GMT ; 200 ; 86400
            §4.2.2 heuristic capped                   ; Date: Sun, 01 Nov 2026 00:00:00 GMT | Last-Modified: Sun, 01 Nov 2020 00:00:00 GMT ; 200 ; 172800
            §4.2.2 no heuristic for 500               ; Date: Sun, 11 Oct 2026 00:00:00 GMT | Last-Modified: Thu, 01 Oct 2026 00:00:00 GMT ; 500 ; 0
            §1.2.2 malformed max-age ignored          ; Cache-Control: max-age=ten ; 200 ; 0
            """)
    void freshnessLifetime(String row, String response, int status, long expected) {
        assertEquals(expected, CacheRules.freshnessLifetime(h(response), status, 172_800), row);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            §4.2.3 resident time only          ; Date: Sun, 01 Nov 2026 00:00:00 GMT          ; 0   ; 0    ; 30000 ; 30
            §4.2.3 Age header adds             ; Date: Sun, 01 Nov 2026 00:00:00 GMT | Age: 100 ; 0 ; 0    ; 30000 ; 130
            §4.2.3 response delay corrects Age ; Date: Sun, 01 Nov 2026 00:00:00 GMT | Age: 10 ; 0  ; 5000 ; 5000  ; 15
            §4.2.3 apparent age from Date      ; Date: Sat, 31 Oct 2026 23:59:00 GMT          ; 0   ; 0    ; 0     ; 60
            §5.1 invalid Age ignored           ; Date: Sun, 01 Nov 2026 00:00:00 GMT | Age: abc ; 0 ; 0    ; 1000  ; 1
            """)
    void currentAge(String row, String response, long requestOffset, long responseOffset, long nowOffset, long expected) {
        long base = HttpDates.parse("Sun, 01 Nov 2026 00:00:00 GMT");
        assertEquals(expected, CacheRules.currentAge(h(response), base + requestOffset, base + responseOffset, base + nowOffset), row);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', nullValues = "null", textBlock = """
            §4.2 fresh                                  ; null                          ; Cache-Control: max-age=60                         ; 30  ; 60 ; FRESH
            §4.2 stale must validate                    ; null                          ; Cache-Control: max-age=60                         ; 90  ; 60 ; VALIDATE
            §5.2.1.4 request no-cache                   ; Cache-Control: no-cache       ; Cache-Control: max-age=60                         ; 1   ; 60 ; VALIDATE
            §5.4 Pragma no-cache without Cache-Control  ; Pragma: no-cache              ; Cache-Control: max-age=60                         ; 1   ; 60 ; VALIDATE
            §5.2.2.4 response no-cache                  ; null                          ; Cache-Control: no-cache, max-age=60               ; 1   ; 60 ; VALIDATE
            §5.2.1.1 request max-age exceeded           ; Cache-Control: max-age=10     ; Cache-Control: max-age=60                         ; 20  ; 60 ; VALIDATE
            §5.2.1.1 request max-age within             ; Cache-Control: max-age=30     ; Cache-Control: max-age=60                         ; 20  ; 60 ; FRESH
            §5.2.1.3 min-fresh not met                  ; Cache-Control: min-fresh=50   ; Cache-Control: max-age=60                         ; 20  ; 60 ; VALIDATE
            §5.2.1.2 max-stale without value            ; Cache-Control: max-stale      ; Cache-Control: max-age=60                         ; 900 ; 60 ; STALE_ACCEPTED
            §5.2.1.2 max-stale within                   ; Cache-Control: max-stale=40   ; Cache-Control: max-age=60                         ; 90  ; 60 ; STALE_ACCEPTED
            §5.2.1.2 max-stale exceeded                 ; Cache-Control: max-stale=10   ; Cache-Control: max-age=60                         ; 90  ; 60 ; VALIDATE
            §5.2.2.2 must-revalidate beats max-stale    ; Cache-Control: max-stale      ; Cache-Control: max-age=60, must-revalidate        ; 90  ; 60 ; VALIDATE
            §5.2.2.8 proxy-revalidate                   ; Cache-Control: max-stale      ; Cache-Control: max-age=60, proxy-revalidate       ; 90  ; 60 ; VALIDATE
            §5.2.2.10 s-maxage implies proxy-revalidate ; Cache-Control: max-stale      ; Cache-Control: s-maxage=60                        ; 90  ; 60 ; VALIDATE
            RFC5861 §3 stale-while-revalidate within    ; null                          ; Cache-Control: max-age=60, stale-while-revalidate=30 ; 80 ; 60 ; STALE_WHILE_REVALIDATE
            RFC5861 §3 stale-while-revalidate past      ; null                          ; Cache-Control: max-age=60, stale-while-revalidate=30 ; 95 ; 60 ; VALIDATE
            RFC9213 CDN-CC no-cache                     ; null                          ; Cache-Control: max-age=60 | CDN-Cache-Control: no-cache ; 1 ; 60 ; VALIDATE
            """)
    void use(String row, String request, String response, long age, long lifetime, CacheRules.Use expected) {
        assertEquals(expected, CacheRules.use(h(request), h(response), age, lifetime), row);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', nullValues = "null", textBlock = """
            RFC5861 §4 within stale-if-error      ; null                              ; Cache-Control: max-age=60, stale-if-error=300 ; 200 ; 60 ; true
            RFC5861 §4 past stale-if-error        ; null                              ; Cache-Control: max-age=60, stale-if-error=300 ; 400 ; 60 ; false
            RFC5861 §4 none given                 ; null                              ; Cache-Control: max-age=60                     ; 70  ; 60 ; false
            RFC5861 §4 request may ask for it     ; Cache-Control: stale-if-error=600 ; Cache-Control: max-age=60                     ; 400 ; 60 ; true
            §5.2.2.2 must-revalidate forbids it   ; null                              ; Cache-Control: max-age=60, must-revalidate, stale-if-error=300 ; 70 ; 60 ; false
            """)
    void staleIfError(String row, String request, String response, long age, long lifetime, boolean expected) {
        assertEquals(expected, CacheRules.staleIfError(h(request), h(response), age, lifetime), row);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            §4.4 POST 200 invalidates     ; POST   ; 200 ; true
            §4.4 DELETE 204 invalidates   ; DELETE ; 204 ; true
            §4.4 PUT 303 invalidates      ; PUT    ; 303 ; true
            §4.4 POST 500 does not        ; POST   ; 500 ; false
            §4.4 GET is safe              ; GET    ; 200 ; false
            §4.4 OPTIONS is safe          ; OPTIONS; 200 ; false
            """)
    void invalidation(String row, String method, int status, boolean expected) {
        assertEquals(expected, CacheRules.invalidates(method, status), row);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', nullValues = "null", textBlock = """
            §4.1 one header                  ; Accept-Encoding          ; Accept-Encoding: gzip             ; accept-encoding=gzip|
            §4.1 names case-insensitive, sorted ; Accept-Language, accept-encoding ; Accept-Encoding: br | Accept-Language: en ; accept-encoding=br|accept-language=en|
            §4.1 whitespace normalised       ; Accept-Language          ; Accept-Language: en,   fr         ; accept-language=en, fr|
            §4.1 absent header matches absent; Accept-Language          ; null                              ; accept-language=|
            §4.1 star never matches          ; *                        ; Accept-Encoding: gzip             ; null
            """)
    void varyKey(String row, String vary, String request, String expected) {
        String key = CacheRules.varyKey(vary, h(request));
        if (expected == null) {
            assertNull(key, row);
        } else {
            assertEquals(expected.replace('|', '\n'), key, row);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', nullValues = "null", textBlock = """
            RFC9211 §2.1 hit with ttl # HIT # 30 # 0 # false # null # edge1; hit; ttl=30
            RFC9211 §2.2 miss stored # MISS # 60 # 200 # true # null # edge1; fwd=uri-miss; fwd-status=200; stored; ttl=60
            RFC9211 §2.2 revalidated # REVALIDATED # 60 # 304 # true # null # edge1; fwd=stale; fwd-status=304; stored; ttl=60
            RFC9211 §2.5 stale hit # STALE # -5 # 0 # false # null # edge1; hit; ttl=-5
            RFC9211 §2.2 bypass with detail # BYPASS # MIN # 200 # false # PRIVATE # edge1; fwd=bypass; fwd-status=200; detail=private
            RFC9211 §2.4 collapsed # COLLAPSED # 60 # 200 # false # null # edge1; fwd=uri-miss; collapsed; fwd-status=200; ttl=60
            """)
    void cacheStatusHeader(String row, CacheStatus status, String ttl, int fwd, boolean stored, NoCacheReason detail, String expected) {
        long t = ttl.equals("MIN") ? Long.MIN_VALUE : Long.parseLong(ttl);
        assertEquals(expected, CacheStatusHeader.format("edge1", status, t, fwd, stored, detail), row);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            §4.3.4 304 replaces fields it carries     ; ETag: "a" | Cache-Control: max-age=1 | Content-Length: 5 ; Cache-Control: max-age=99 | Content-Length: 0 ; ETag: "a" | Content-Length: 5 | Cache-Control: max-age=99
            """)
    void freshenOn304(String row, String stored, String notModified, String expected) {
        HeaderList result = list(stored).freshenedBy(list(notModified));
        assertEquals(list(expected).fields(), result.fields(), row);
    }

    private static HeaderList list(String spec) {
        java.util.List<HeaderList.Field> fields = new java.util.ArrayList<>();
        for (String f : spec.split("\\|")) {
            int c = f.indexOf(':');
            fields.add(new HeaderList.Field(f.substring(0, c).trim(), f.substring(c + 1).trim()));
        }
        return new HeaderList(fields);
    }
}
