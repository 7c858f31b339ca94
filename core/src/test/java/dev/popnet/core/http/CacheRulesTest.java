package dev.popnet.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each row names the section of RFC 9111 (or 5861, 9213) it checks. Headers are written "Name: value | Name: value". */
class CacheRulesTest {
    /** Every "Name: value" is one header line; a name may repeat, as on the wire. */
    static Headers h(String spec) {
        return spec == null ? new HeaderList(java.util.List.of()) : list(spec);
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
            RFC9110 §5.3 private on a second line       ; GET  ; null                        ; 200 ; Cache-Control: max-age=60 | Cache-Control: private ; 100 ; PRIVATE
            RFC9110 §5.3 no-store on a second line      ; GET  ; null                        ; 200 ; Cache-Control: public | Cache-Control: no-store ; 100 ; NO_STORE
            RFC9110 §5.3 request no-store second line   ; GET  ; Cache-Control: max-age=5 | Cache-Control: no-store ; 200 ; Cache-Control: max-age=60 ; 100 ; REQUEST_NO_STORE
            RFC9213 §2.1 CDN-CC private wins            ; GET  ; null                        ; 200 ; CDN-Cache-Control: private | Cache-Control: max-age=60 ; 100 ; PRIVATE
            RFC9213 §2.1 CDN-CC max-age over CC no-store; GET  ; null                        ; 200 ; Cache-Control: no-store | CDN-Cache-Control: max-age=60 ; 100 ; null
            RFC9213 §2.1 invalid CDN-CC falls back      ; GET  ; null                        ; 200 ; CDN-Cache-Control: max-age=60, &&& | Cache-Control: no-store ; 100 ; NO_STORE
            §4.1 Vary star on a second line             ; GET  ; null                        ; 200 ; Cache-Control: max-age=60 | Vary: Accept | Vary: * ; 100 ; VARY_STAR
            §5.2.2.3 must-understand overrides no-store ; GET  ; null                        ; 200 ; Cache-Control: must-understand, no-store, max-age=60 ; 100 ; null
            §5.2.2.3 must-understand unknown status     ; GET  ; null                        ; 299 ; Cache-Control: must-understand, no-store, max-age=60 ; 100 ; STATUS
            §3 interim responses are never stored       ; GET  ; null                        ; 103 ; Cache-Control: max-age=60            ; 100 ; STATUS
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
            RFC9110 §5.3 s-maxage on a second line    ; Cache-Control: max-age=10 | Cache-Control: s-maxage=60 ; 200 ; 60
            §4.2.1 malformed max-age means stale      ; Cache-Control: max-age=a100 | Date: Sun, 01 Nov 2026 00:00:00 GMT | Expires: Sun, 01 Nov 2026 01:00:00 GMT ; 200 ; 0
            §4.2.1 single-quoted max-age means stale  ; Cache-Control: max-age='30' ; 200 ; 0
            §5.2 quoted max-age accepted              ; Cache-Control: max-age="30" ; 200 ; 30
            §4.2.1 whitespace before = means stale    ; Cache-Control: max-age =30 ; 200 ; 0
            §4.2.1 whitespace after = means stale     ; Cache-Control: max-age= 30 ; 200 ; 0
            §1.2.2 leading zeros                      ; Cache-Control: max-age=0030 ; 200 ; 30
            §1.2.2 huge values saturate at 2^31       ; Cache-Control: max-age=99999999999999 ; 200 ; 2147483648
            §4.2.1 first of repeated directives       ; Cache-Control: max-age=1800, max-age=1 ; 200 ; 1800
            §5.2 comma inside a quoted string         ; Cache-Control: ext="max-age=3600", max-age=1 ; 200 ; 1
            §5.3 repeated Expires is stale            ; Date: Sun, 01 Nov 2026 00:00:00 GMT | Expires: Sun, 01 Nov 2026 01:00:00 GMT | Expires: Sun, 01 Nov 2026 02:00:00 GMT ; 200 ; 0
            §5.3 RFC 850 Expires                      ; Date: Sun, 01 Nov 2026 00:00:00 GMT | Expires: Sunday, 01-Nov-26 01:00:00 GMT ; 200 ; 3600
            §5.3 asctime Expires                      ; Date: Sun, 01 Nov 2026 00:00:00 GMT | Expires: Sun Nov  1 01:00:00 2026 ; 200 ; 3600
            §5.3 Expires in UTC is invalid            ; Date: Sun, 01 Nov 2026 00:00:00 GMT | Expires: Sun, 01 Nov 2026 01:00:00 UTC ; 200 ; 0
            RFC9213 §2.1 Expires ignored with CDN-CC  ; CDN-Cache-Control: max-age=0 | Date: Sun, 01 Nov 2026 00:00:00 GMT | Expires: Sun, 01 Nov 2026 01:00:00 GMT ; 200 ; 0
            RFC9213 §2.1 CDN-CC shorter than CC       ; Cache-Control: max-age=3600 | CDN-Cache-Control: max-age=1 ; 200 ; 1
            RFC9213 §2.1 CDN-CC quoted is a string    ; CDN-Cache-Control: max-age="100" | Cache-Control: max-age=5 ; 200 ; 0
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
            §5.1 negative Age ignored          ; Date: Sun, 01 Nov 2026 00:00:00 GMT | Age: -7200 ; 0 ; 0  ; 0     ; 0
            §5.1 decimal Age ignored           ; Date: Sun, 01 Nov 2026 00:00:00 GMT | Age: 7200.0 ; 0 ; 0 ; 0     ; 0
            §5.1 list Age uses its first member; Date: Sun, 01 Nov 2026 00:00:00 GMT | Age: 0, 7200 ; 0 ; 0 ; 0     ; 0
            §5.1 first of two Age lines        ; Date: Sun, 01 Nov 2026 00:00:00 GMT | Age: 7200 | Age: 0 ; 0 ; 0 ; 0 ; 7200
            §1.2.2 huge Age saturates          ; Date: Sun, 01 Nov 2026 00:00:00 GMT | Age: 99999999999 ; 0 ; 0 ; 0 ; 2147483648
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
            RFC9110 §5.3 no-cache on a second line      ; null                          ; Cache-Control: max-age=60 | Cache-Control: no-cache ; 1 ; 60 ; VALIDATE
            RFC9110 §5.3 request no-cache second line   ; Cache-Control: max-stale | Cache-Control: no-cache ; Cache-Control: max-age=60 ; 1 ; 60 ; VALIDATE
            §5.4 Pragma ignored with Cache-Control      ; Cache-Control: max-stale | Pragma: no-cache ; Cache-Control: max-age=60 ; 1 ; 60 ; FRESH
            §5.4 Pragma no-cache among other tokens     ; Pragma: foo, no-cache         ; Cache-Control: max-age=60                         ; 1   ; 60 ; VALIDATE
            RFC9213 CC must-revalidate ignored          ; Cache-Control: max-stale      ; Cache-Control: must-revalidate | CDN-Cache-Control: max-age=60 ; 90 ; 60 ; STALE_ACCEPTED
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
    @CsvSource(delimiter = ';', nullValues = "null", textBlock = """
            §4.2.4 disconnected may serve stale   ; null                   ; Cache-Control: max-age=60                   ; 500   ; true
            §4.2.4 at most the configured age     ; null                   ; Cache-Control: max-age=60                   ; 2000  ; false
            §5.2.2.2 must-revalidate forbids it   ; null                   ; Cache-Control: max-age=60, must-revalidate  ; 70    ; false
            §5.2.2.8 proxy-revalidate forbids it  ; null                   ; Cache-Control: max-age=60, proxy-revalidate ; 70    ; false
            §5.2.2.10 s-maxage forbids it         ; null                   ; Cache-Control: s-maxage=60                  ; 70    ; false
            §5.2.2.4 no-cache forbids it          ; null                   ; Cache-Control: no-cache                     ; 70    ; false
            §5.2.1.4 request no-cache             ; Cache-Control: no-cache; Cache-Control: max-age=60                   ; 70    ; false
            """)
    void staleIfUnreachable(String row, String request, String response, long age, boolean expected) {
        assertEquals(expected, CacheRules.staleIfUnreachable(h(request), h(response), age, 60, 1000), row);
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
            RFC9110 §5.3 request lines combined ; Accept-Language       ; Accept-Language: en | Accept-Language: fr ; accept-language=en, fr|
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
            §3.2 new and extension fields added       ; ETag: "a" | Content-Foo: 1 ; Content-Foo: 2 | X-Test: b ; ETag: "a" | Content-Foo: 2 | X-Test: b
            §3.2 every line of a field replaced       ; Link: a | Link: b | ETag: "a" ; Link: c ; ETag: "a" | Link: c
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
