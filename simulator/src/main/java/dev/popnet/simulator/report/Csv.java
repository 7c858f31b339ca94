package dev.popnet.simulator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV through Jackson's CSV module: a field is quoted only when it holds a comma, a quote or a
 * line break (so a scenario named {@code par,ity} stays one column); null is an empty field.
 */
public final class Csv {
    private static final ObjectWriter WRITER = new CsvMapper().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .writerFor(Object[].class).with(CsvSchema.emptySchema().withLineSeparator("\n"));
    private final List<Object[]> rows = new ArrayList<>();

    public Csv(Object... header) {
        row(header);
    }

    public Csv row(Object... fields) {
        Object[] row = fields.clone();
        for (int i = 0; i < row.length; i++) {
            row[i] = row[i] == null ? "" : row[i];
        }
        rows.add(row);
        return this;
    }

    public Csv row(List<?> fields) {
        return row(fields.toArray());
    }

    @Override
    public String toString() {
        try {
            StringBuilder sb = new StringBuilder();
            for (Object[] r : rows) {
                sb.append(WRITER.writeValueAsString(r));
            }
            return sb.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write CSV", e);
        }
    }

    /** A number with a fixed count of decimals, as the CSV files give ratios and milliseconds. */
    public static String fixed(double v, int decimals) {
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
    }
}
