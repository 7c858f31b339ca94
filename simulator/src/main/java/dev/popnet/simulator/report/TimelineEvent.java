package dev.popnet.simulator.report;

/**
 * Something that happened during the run, in virtual seconds from its start.
 *
 * @param kind what sort of event, for markers on time charts: outage, health, autoscale, purge, note
 */
public record TimelineEvent(double timeSeconds, String kind, String what) {
}
