package dev.popnet.sweep.cluster;

import java.io.Serializable;

/** A worker's signed answer to a {@link CellTask}: an {@link Messages.Answer} as JSON and its signature. */
public final class CellReply implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] answer;
    private final byte[] signature;

    CellReply(byte[] answer, byte[] signature) {
        this.answer = answer.clone();
        this.signature = signature.clone();
    }

    byte[] answer() {
        return answer.clone();
    }

    byte[] signature() {
        return signature.clone();
    }
}
