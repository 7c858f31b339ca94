package dev.popnet.core.routing;

/** Which PoPs may receive traffic right now. */
@FunctionalInterface
public interface HealthView {
    HealthView ALL_HEALTHY = pop -> true;

    boolean healthy(String pop);
}
