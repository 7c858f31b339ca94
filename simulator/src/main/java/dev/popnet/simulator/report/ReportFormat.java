package dev.popnet.simulator.report;

import dev.popnet.core.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The ways a run is written out, each a factory of files in the output folder. */
public enum ReportFormat {
    TABLE("summary.txt", r -> TextTable.render(r)),
    JSON("result.json", ReportFormat::json),
    CSV("pops.csv", CsvReport::render),
    HTML("report.html", HtmlReport::render);

    @FunctionalInterface
    interface Renderer {
        String render(RunResult result);
    }

    private final String fileName;
    private final Renderer renderer;

    ReportFormat(String fileName, Renderer renderer) {
        this.fileName = fileName;
        this.renderer = renderer;
    }

    public String render(RunResult result) {
        return renderer.render(result);
    }

    /** Writes this format into {@code dir}; returns the main file written. */
    public Path write(RunResult result, Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(fileName);
            Files.writeString(file, render(result));
            if (this == CSV) {
                Files.writeString(dir.resolve("classes.csv"), CsvReport.classes(result));
                Files.writeString(dir.resolve("series.csv"), CsvReport.series(result));
                Files.writeString(dir.resolve("latency-cdf.csv"), CsvReport.cdf(result));
                if (!result.components().isEmpty()) {
                    Files.writeString(dir.resolve("components.csv"), CsvReport.components(result));
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name().toLowerCase() + " report to " + dir, e);
        }
    }

    /**
     * The report's keys in snake_case, the style of the servers' stats documents it may carry. Made on
     * first use: naming a format (the command line's default names them all) does not start Jackson.
     */
    private static final class SnakeCaseJson {
        static final com.fasterxml.jackson.databind.ObjectWriter WRITER = ConfigLoader.jsonMapper().copy()
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE).writerWithDefaultPrettyPrinter();
    }

    private static String json(RunResult r) {
        try {
            return SnakeCaseJson.WRITER.writeValueAsString(r);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
