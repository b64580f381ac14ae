package id.jaga.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reading a YAML file and saying plainly what is wrong when it cannot be read at all: missing,
 * unreadable, not text, or not YAML (the parser's own cause, at the place it found it). Shared by
 * site files and the simulator's scenario files.
 */
public final class YamlFiles {
    /** What {@link ConfigException} calls a site file. */
    public static final String SITE = "site configuration";
    static final String EMPTY = "the file is empty";
    private static final String TAB = "tabs are not allowed for indentation, use spaces";

    private YamlFiles() {
    }

    /**
     * The file's text (UTF-8). A file that is missing, a folder, unreadable, or not text (a binary
     * file, or text in another encoding) is one error, located at the first byte that is not UTF-8.
     */
    public static String read(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw problem(file, what, 0, 0, "cannot read: no such file" + (file.isAbsolute() ? "" : " (looked for "
                    + file.toAbsolutePath() + ")"));
        } catch (AccessDeniedException e) {
            throw problem(file, what, 0, 0, "cannot read: permission denied");
        } catch (IOException e) {
            throw problem(file, what, 0, 0, Files.isDirectory(file) ? "cannot read: a folder, not a file"
                    : "cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = utf8.decode(in, out, true);
        if (result.isError()) {
            // Stopped at the first byte that is not UTF-8: count lines and characters up to it.
            int bad = in.position();
            String before = out.flip().toString();
            int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
            int column = before.length() - before.lastIndexOf('\n');
            throw problem(file, what, line, column, String.format(Locale.ROOT, "not a text file: byte 0x%02X is not UTF-8%s;"
                    + " a YAML file is text in UTF-8", bytes[bad] & 0xff, binary(bytes) ? " (this looks like a binary file)" : ""));
        }
        utf8.flush(out);
        return out.flip().toString();
    }

    private static ConfigException problem(Path file, String what, int line, int column, String message) {
        return new ConfigException(what, List.of(new ConfigError(file.toString(), line, column, "", message)));
    }

    /** A NUL byte in the first few kilobytes: no text file has one. */
    private static boolean binary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The YAML parser's problem in plain words, located where the parser found it (its problem
     * mark), not where the construct it was reading began; that one is named in the message.
     */
    public static ConfigError syntaxError(String file, String text, JsonProcessingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            Mark at = m.getProblemMark();
            String problem = m.getProblem() == null ? "not valid YAML" : m.getProblem().strip();
            String message;
            if (problem.contains("\\t(TAB)") || problem.toLowerCase(Locale.ROOT).contains("tab character")) {
                message = indentation(text, at) ? TAB : "a tab is not allowed here, use spaces";
            } else {
                message = problem;
                Mark from = m.getContextMark();
                if (m.getContext() != null && from != null && from.getLine() != at.getLine()) {
                    message += " (" + m.getContext() + " that starts at line " + (from.getLine() + 1) + ", column "
                            + (from.getColumn() + 1) + ")";
                } else if (m.getContext() != null && from != null) {
                    message += " (" + m.getContext() + " that starts at column " + (from.getColumn() + 1) + ")";
                }
            }
            return new ConfigError(file, at.getLine() + 1, at.getColumn() + 1, "", message);
        }
        if (cause instanceof ReaderException r) {
            int[] lineColumn = lineColumn(text, r.getPosition());
            return new ConfigError(file, lineColumn[0], lineColumn[1], "", String.format(Locale.ROOT,
                    "the character U+%04X is not allowed in a YAML file (is this a binary file?)", r.getCodePoint()));
        }
        JsonLocation loc = e.getLocation();
        return new ConfigError(file, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(), "",
                e.getOriginalMessage().lines().findFirst().orElse("not valid YAML"));
    }

    /** Whether only spaces and tabs come before the mark on its line: the tab is indentation. */
    private static boolean indentation(String text, Mark at) {
        int lineStart = 0;
        for (int line = 0; line < at.getLine(); line++) {
            int next = text.indexOf('\n', lineStart);
            if (next < 0) {
                return true;
            }
            lineStart = next + 1;
        }
        for (int i = lineStart; i < Math.min(text.length(), lineStart + at.getColumn()); i++) {
            if (text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Line and column (from 1) of a code point index. */
    private static int[] lineColumn(String text, int codePoint) {
        int line = 1;
        int column = 1;
        for (int i = 0, cp = 0; i < text.length() && cp < codePoint; cp++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
