package dev.popnet.edge.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A purge one PoP sends another through an edge's {@code POST /purge}, as JSON signed with the secret
 * both PoPs hold (the signature, over the exact body bytes, travels in {@link PurgeFanout#PEER_SIGNATURE_HEADER}), and
 * the receiving PoP's answer, signed the same way and naming the purge it answers, so neither a forged
 * purge nor a forged answer passes for one.
 *
 * @param id      unique per purge; the receiver refuses an id it has seen (see {@link ReplayGuard})
 * @param from    the sending PoP
 * @param sent    when it was sent, epoch milliseconds
 * @param request what to purge
 */
record PeerPurge(String id, String from, long sent, PurgeRequest request) {
    private static final ObjectMapper JSON = new ObjectMapper();

    String toJson() {
        ObjectNode o = JSON.createObjectNode().put("id", id).put("from", from).put("sent", sent)
                .put("kind", request.kind().name()).put("value", request.value()).put("site", request.site())
                .put("soft", request.soft());
        return o.toString();
    }

    /** The purge a body describes; throws {@link IllegalArgumentException} naming what is wrong. */
    static PeerPurge parse(String body) {
        JsonNode o = read(body);
        try {
            PurgeRequest r = new PurgeRequest(PurgeRequest.Kind.valueOf(text(o, "kind")), text(o, "value"),
                    o.path("site").isTextual() ? o.get("site").asText() : null, o.path("soft").asBoolean(false));
            if (!o.path("sent").isIntegralNumber()) {
                throw new IllegalArgumentException("sent must be epoch milliseconds");
            }
            return new PeerPurge(text(o, "id"), text(o, "from"), o.get("sent").asLong(), r);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a peer PoP purge: " + e.getMessage());
        }
    }

    /** What a purge's signature covers: its body, tagged so no other signed text can pass for it. */
    static String signedText(String body) {
        return "popnet peer purge|" + body;
    }

    /** The receiving PoP's answer to this purge: its result as JSON, naming this purge. */
    String answer(PurgeResult result) {
        ObjectNode o = JSON.valueToTree(result.toMap());
        o.put("purge", id);
        return o.toString();
    }

    /** What an answer's signature covers. */
    static String signedAnswer(String body) {
        return "popnet peer purge answer|" + body;
    }

    /** The result an answer to this purge carries; throws {@link IllegalArgumentException} if it answers another. */
    PurgeResult resultOf(String answer) {
        JsonNode o = read(answer);
        if (!id.equals(o.path("purge").asText())) {
            throw new IllegalArgumentException("the answer is not for purge " + id);
        }
        return new PurgeResult(o.path("id").asText(), o.path("nodes_applied").asInt(), o.path("nodes_expected").asInt(),
                o.path("objects_removed").asLong(), o.path("pops_unreached").asInt(), o.path("complete").asBoolean());
    }

    private static JsonNode read(String body) {
        try {
            JsonNode o = JSON.readTree(body);
            if (o == null || !o.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return o;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return v.asText();
    }
}
