package dev.signet.ctlog.embedded;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signet.ctlog.EntryType;
import dev.signet.ctlog.Merkle;
import dev.signet.ctlog.NodeHashSource;
import dev.signet.ctlog.SignedTreeHead;
import dev.signet.ctlog.TlsWriter;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The log's read API over its storage: the committed checkpoint (asked of the storage on every
 * call, so a shared log's replicas all serve the newest one), tiles, issuers, entries and proofs,
 * never past the checkpoint it read.
 */
final class LogReader {
    private static final Pattern ISSUER_NAME = Pattern.compile("[0-9a-f]{64}");
    /** Issuer certificates kept in memory, by their DER's size; the rest are read from storage when asked for. */
    private static final long ISSUER_CACHE_BYTES = 8L * 1024 * 1024;

    private final LogStorage storage;
    private final Checkpoints checkpoints;
    /** Issuer DER by its name, for issuer files and get-entries, and to know which issuers are stored. */
    private final Cache<String, byte[]> issuers = Caffeine.newBuilder()
            .maximumWeight(ISSUER_CACHE_BYTES)
            .weigher((String name, byte[] der) -> der.length + 128)
            .build();
    /** The last checkpoint parsed, so each new one is verified once. */
    private volatile Published last;

    private record Published(String text, Checkpoint checkpoint) {
    }

    LogReader(LogStorage storage, Checkpoints checkpoints) {
        this.storage = storage;
        this.checkpoints = checkpoints;
    }

    /** Records a checkpoint the sequencer just committed, sparing readers its verification. */
    void committed(String text, Checkpoint checkpoint) {
        last = new Published(text, checkpoint);
    }

    /** The committed checkpoint, parsed. */
    Checkpoint published() {
        return current().checkpoint();
    }

    private Published current() {
        String text;
        try {
            text = storage.checkpoint();
        } catch (IOException e) {
            throw failed("cannot read the checkpoint", e);
        }
        Published known = last;
        if (known != null && known.text().equals(text)) {
            return known;
        }
        Published parsed = new Published(text, checkpoints.parse(text, "stored"));
        last = parsed;
        return parsed;
    }

    long treeSize() {
        return published().treeSize();
    }

    String checkpoint() {
        return current().text();
    }

    SignedTreeHead sth() {
        return published().signedTreeHead();
    }

    Optional<byte[]> readTile(int level, long index, int width) {
        if (level < 0 || level > 5 || width < 1 || width > TilePath.WIDTH || index < 0) {
            return Optional.empty();
        }
        long count = treeSize() >>> (TilePath.HEIGHT * level);
        if (index * TilePath.WIDTH + width > count) {
            return Optional.empty();
        }
        return readOptional(TilePath.hashTile(level, index, width));
    }

    Optional<byte[]> readDataTile(long index, int width) {
        if (width < 1 || width > TilePath.WIDTH || index < 0 || index * TilePath.WIDTH + width > treeSize()) {
            return Optional.empty();
        }
        return readOptional(TilePath.dataTile(index, width));
    }

    Optional<byte[]> readIssuer(String sha256Hex) {
        if (sha256Hex == null || !ISSUER_NAME.matcher(sha256Hex).matches()) {
            return Optional.empty();
        }
        byte[] cached = issuers.getIfPresent(sha256Hex);
        if (cached != null) {
            return Optional.of(cached.clone());
        }
        Optional<byte[]> issuer = readOptional(issuerPath(sha256Hex));
        issuer.ifPresent(der -> issuers.put(sha256Hex, der.clone()));
        return issuer;
    }

    /** Whether the issuer file {@code name} is stored; content-addressed, so a stored file is the right one. */
    boolean isStored(String name) {
        return issuers.getIfPresent(name) != null || readIssuer(name).isPresent();
    }

    /** Remembers issuers a commit stored. */
    void stored(List<StoredFile> newIssuers) {
        for (StoredFile file : newIssuers) {
            issuers.put(file.path().substring("issuer/".length()), file.content());
        }
    }

    static String issuerPath(String name) {
        return "issuer/" + name;
    }

    List<LogEntry> entries(long start, long end) {
        long size = treeSize();
        if (start < 0 || end < start || start >= size) {
            throw new SignetException(ErrorKind.INVALID_REQUEST,
                    "entries " + start + ".." + end + " outside tree of " + size);
        }
        long lastIndex = Math.min(Math.min(end, size - 1), start + EmbeddedLog.MAX_ENTRIES_PER_READ - 1);
        List<LogEntry> out = new ArrayList<>();
        for (long tile = start / TilePath.WIDTH; tile <= lastIndex / TilePath.WIDTH; tile++) {
            int width = (int) Math.min(TilePath.WIDTH, size - tile * TilePath.WIDTH);
            List<TileLeaf> leaves = TileLeaf.readAll(readTileFile(TilePath.dataTile(tile, width)));
            for (int i = 0; i < leaves.size(); i++) {
                long index = tile * TilePath.WIDTH + i;
                if (index >= start && index <= lastIndex) {
                    TileLeaf leaf = leaves.get(i);
                    out.add(new LogEntry(index, leaf.entry().merkleTreeLeaf(), extraData(leaf)));
                }
            }
        }
        return out;
    }

    List<byte[]> inclusionProof(long index, long treeSize) {
        long size = treeSize();
        if (treeSize < 1 || treeSize > size || index < 0 || index >= treeSize) {
            throw new SignetException(ErrorKind.INVALID_REQUEST, "no inclusion proof for " + index + " in " + treeSize);
        }
        return Merkle.inclusionProof(tileSource(size), index, treeSize);
    }

    List<byte[]> consistencyProof(long first, long second) {
        long size = treeSize();
        if (first < 1 || second > size || first > second) {
            throw new SignetException(ErrorKind.INVALID_REQUEST,
                    "no consistency proof from " + first + " to " + second);
        }
        return Merkle.consistencyProof(tileSource(size), first, second);
    }

    OptionalLong leafIndex(byte[] leafHash) {
        if (leafHash == null || leafHash.length != 32) {
            return OptionalLong.empty();
        }
        try {
            return storage.find(leafHash);
        } catch (IOException e) {
            throw failed("cannot look up a leaf hash", e);
        }
    }

    /** Node hashes read from the hash tiles of the tree of {@code size}, each tile read once per call. */
    private NodeHashSource tileSource(long size) {
        Map<String, byte[]> tiles = new HashMap<>();
        return (level, index) -> {
            int tileLevel = level / TilePath.HEIGHT;
            int height = level % TilePath.HEIGHT;
            long first = index << height;
            long tile = first / TilePath.WIDTH;
            int width =
                    (int) Math.min(TilePath.WIDTH, (size >>> (TilePath.HEIGHT * tileLevel)) - tile * TilePath.WIDTH);
            String path = TilePath.hashTile(tileLevel, tile, width);
            byte[] hashes = tiles.computeIfAbsent(path, this::readTileFile);
            int offset = (int) (first % TilePath.WIDTH);
            List<byte[]> run = new ArrayList<>(1 << height);
            for (int i = 0; i < (1 << height); i++) {
                int at = 32 * (offset + i);
                run.add(Arrays.copyOfRange(hashes, at, at + 32));
            }
            return Merkle.rootOfPerfect(run);
        };
    }

    private byte[] extraData(TileLeaf leaf) {
        TlsWriter chain = new TlsWriter(4096);
        for (byte[] fingerprint : leaf.chainFingerprints()) {
            String name = HexFormat.of().formatHex(fingerprint);
            chain.vector(readIssuer(name).orElseThrow(
                    () -> new SignetException(ErrorKind.CT_LOG, "issuer " + name + " is missing from storage")), 3);
        }
        TlsWriter out = new TlsWriter(chain.size() + leaf.precertificate().length + 8);
        if (leaf.entry().type() == EntryType.PRECERT_ENTRY) {
            out.vector(leaf.precertificate(), 3);
        }
        return out.vector(chain.toByteArray(), 3).toByteArray();
    }

    private byte[] readTileFile(String path) {
        return readOptional(path)
                .orElseThrow(() -> new SignetException(ErrorKind.CT_LOG, path + " is missing from storage"));
    }

    private Optional<byte[]> readOptional(String path) {
        try {
            return storage.read(path);
        } catch (IOException e) {
            throw failed("cannot read " + path, e);
        }
    }

    /**
     * A storage failure on the read path: a shared log's database may come back, so clients are told
     * to retry; a local disk failure is the log's own error.
     */
    SignetException failed(String what, IOException cause) {
        return new SignetException(storage.shared() ? ErrorKind.LOG_UNAVAILABLE : ErrorKind.CT_LOG, what,
                new UncheckedIOException(cause));
    }
}
