package id.jaga.agent.state;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * The agent's boot counter and message sequence, kept on disk so both keep growing across restarts
 * and power cuts. Sequence numbers are reserved in blocks: the file holds the ceiling of the current
 * block, so a crash skips at most one block (a gap the controller can see) and never repeats a number.
 */
public final class AgentCounters {
    static final long BLOCK = 1000;

    private final Path file;
    private final long bootSeq;
    /** The first number of this boot: the ceiling the file held, i.e. the start of a new block. */
    private final long firstSeq;
    private long next;
    private long ceiling;

    private AgentCounters(Path file, long bootSeq, long next) {
        this.file = file;
        this.bootSeq = bootSeq;
        this.next = next;
        this.firstSeq = next;
        this.ceiling = next;
    }

    /** Opens (or creates) the counters of one agent and counts this start as a boot. */
    public static AgentCounters open(Path stateDir, String agent) {
        Path file = stateDir.resolve(agent + ".counters");
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read agent counters " + file, e);
            }
        }
        long boot = Long.parseLong(p.getProperty("boot", "0")) + 1;
        long seqCeiling = Long.parseLong(p.getProperty("seqCeiling", "0"));
        AgentCounters counters = new AgentCounters(file, boot, seqCeiling);
        counters.reserve();
        return counters;
    }

    public long bootSeq() {
        return bootSeq;
    }

    /** The first sequence number of this boot; the numbers between the last one used before and it were skipped. */
    public long firstSeqOfBoot() {
        return firstSeq;
    }

    /** The next sequence number; unique and increasing over the agent's whole life. */
    public synchronized long nextSeq() {
        if (next >= ceiling) {
            reserve();
        }
        return next++;
    }

    private void reserve() {
        ceiling = next + BLOCK;
        Properties p = new Properties();
        p.setProperty("boot", Long.toString(bootSeq));
        p.setProperty("seqCeiling", Long.toString(ceiling));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "jaga agent counters: do not edit");
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write agent counters " + file, e);
        }
    }
}
