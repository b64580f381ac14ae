package id.jaga.controller.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The formats a report is written in, with their media types. */
public enum ReportFormat {
    HTML("text/html; charset=utf-8"),
    PDF("application/pdf"),
    CSV("text/csv; charset=utf-8");

    private final String mediaType;

    ReportFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReportFormat> of(String name) {
        return Arrays.stream(values()).filter(f -> f.extension().equals(name)).findFirst();
    }

    public byte[] render(Report report, Labels labels) {
        return switch (this) {
            case HTML -> HtmlReport.render(report, labels);
            case PDF -> PdfReport.render(report, labels);
            case CSV -> CsvReport.render(report);
        };
    }
}
