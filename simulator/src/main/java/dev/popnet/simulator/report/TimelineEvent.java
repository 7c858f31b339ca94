package dev.popnet.simulator.report;

/** Something that happened during the run, in virtual seconds from its start. */
public record TimelineEvent(double timeSeconds, String what) {
}
