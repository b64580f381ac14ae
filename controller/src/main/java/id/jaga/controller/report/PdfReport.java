package id.jaga.controller.report;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The report as an A4 PDF, with the same sections and chart as the HTML page. */
public final class PdfReport {
    private static final Color BLUE = new Color(0x1F, 0x6F, 0xB2);
    private static final Font TITLE = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 18, BLUE);
    private static final Font HEADING = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 13, BLUE);
    private static final Font BODY = FontFactory.getFont(FontFactory.HELVETICA, 9);
    private static final Font BOLD = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 9);
    private static final Font WARNING = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 9, new Color(0xB4, 0x23, 0x18));

    private PdfReport() {
    }

    public static byte[] render(Report r, Labels l) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 40, 40, 40, 40);
        try {
            PdfWriter.getInstance(doc, out);
            doc.addTitle(l.get("title") + " - " + r.siteName());
            doc.open();
            doc.add(new Paragraph(l.get("title"), TITLE));
            doc.add(new Paragraph(l.get("site") + ": " + r.siteName() + " (" + r.siteId() + ")", BODY));
            doc.add(new Paragraph(l.get("period") + ": " + l.time(r.period().from()) + " - " + l.time(r.period().to()), BODY));
            doc.add(new Paragraph(l.get("generated") + ": " + l.time(r.generatedAt()), BODY));
            Image chart = Image.getInstance(Charts.energyPerDay(r.days(), l));
            chart.scaleToFit(doc.getPageSize().getWidth() - 80, 220);
            doc.add(chart);
            for (Sections.Section s : Sections.of(r, l)) {
                Paragraph heading = new Paragraph(s.title(), HEADING);
                heading.setSpacingBefore(10);
                heading.setSpacingAfter(4);
                doc.add(heading);
                for (Sections.Block b : s.blocks()) {
                    if (b instanceof Sections.Text t) {
                        doc.add(new Paragraph(new Chunk(t.text(), t.warning() ? WARNING : BODY)));
                    } else if (b instanceof Sections.Table t) {
                        doc.add(table(t));
                    }
                }
            }
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot lay out the report: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static PdfPTable table(Sections.Table t) {
        PdfPTable table = new PdfPTable(t.headers().size());
        table.setWidthPercentage(100);
        table.setSpacingBefore(3);
        table.setSpacingAfter(6);
        table.setHeaderRows(1);
        for (String h : t.headers()) {
            PdfPCell cell = new PdfPCell(new Paragraph(h, BOLD));
            cell.setBackgroundColor(new Color(0xE8, 0xF0, 0xF8));
            table.addCell(cell);
        }
        for (List<String> row : t.rows()) {
            row.forEach(v -> table.addCell(new PdfPCell(new Paragraph(v, BODY))));
        }
        return table;
    }
}
