package dev.signet.ctlog.embedded;

import dev.signet.ctlog.Merkle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of the tree in memory: at each tile level, the hashes of the current partial
 * tile, and the entries of the current partial data tile. Appending a batch yields the full and
 * partial tiles to write; everything to the left is already in storage and never changes.
 */
final class TreeEdge {
    private final List<List<byte[]>> levels = new ArrayList<>();
    private final List<Long> tileIndexes = new ArrayList<>();
    private final List<byte[]> dataEntries = new ArrayList<>();
    private long size;

    private TreeEdge(long size) {
        this.size = size;
    }

    /** The edge of a tree of {@code size} entries, read from its partial tiles. */
    static TreeEdge load(PathReader storage, long size) throws IOException {
        TreeEdge edge = new TreeEdge(size);
        for (int level = 0; (size >>> (TilePath.HEIGHT * level)) > 0; level++) {
            long count = size >>> (TilePath.HEIGHT * level);
            edge.ensureLevel(level);
            edge.tileIndexes.set(level, count / TilePath.WIDTH);
            int width = (int) (count % TilePath.WIDTH);
            if (width > 0) {
                byte[] tile = storage.read(TilePath.hashTile(level, count / TilePath.WIDTH, width))
                        .orElseThrow(() -> new IOException("missing right-edge hash tile at level"));
                if (tile.length != 32 * width) {
                    throw new IOException("right-edge hash tile has the wrong length");
                }
                for (int i = 0; i < width; i++) {
                    edge.levels.get(level).add(java.util.Arrays.copyOfRange(tile, 32 * i, 32 * i + 32));
                }
            }
        }
        int dataWidth = (int) (size % TilePath.WIDTH);
        if (dataWidth > 0) {
            byte[] tile = storage.read(TilePath.dataTile(size / TilePath.WIDTH, dataWidth))
                    .orElseThrow(() -> new IOException("missing right-edge data tile"));
            for (TileLeaf leaf : TileLeaf.readAll(tile)) {
                dev.signet.ctlog.TlsWriter out = new dev.signet.ctlog.TlsWriter();
                leaf.writeTo(out);
                edge.dataEntries.add(out.toByteArray());
            }
            if (edge.dataEntries.size() != dataWidth) {
                throw new IOException("right-edge data tile holds the wrong number of entries");
            }
        }
        return edge;
    }

    static TreeEdge empty() {
        return new TreeEdge(0);
    }

    long size() {
        return size;
    }

    /**
     * Appends entries (their leaf hashes and encoded tile leaves) and returns every tile that is
     * new or changed: full tiles completed by this batch and the new partial tiles.
     */
    List<StoredFile> append(List<byte[]> leafHashes, List<byte[]> tileLeaves) {
        List<StoredFile> tiles = new ArrayList<>();
        boolean[] dirty = new boolean[64];
        for (int i = 0; i < leafHashes.size(); i++) {
            dataEntries.add(tileLeaves.get(i));
            if (dataEntries.size() == TilePath.WIDTH) {
                tiles.add(
                        new StoredFile(TilePath.dataTile(size / TilePath.WIDTH, TilePath.WIDTH), concat(dataEntries)));
                dataEntries.clear();
            }
            addHash(0, leafHashes.get(i), tiles, dirty);
            size++;
        }
        for (int level = 0; level < levels.size(); level++) {
            List<byte[]> hashes = levels.get(level);
            if (dirty[level] && !hashes.isEmpty()) {
                tiles.add(new StoredFile(TilePath.hashTile(level, tileIndexes.get(level), hashes.size()),
                        concat(hashes)));
            }
        }
        if (!dataEntries.isEmpty() && !leafHashes.isEmpty()) {
            tiles.add(
                    new StoredFile(TilePath.dataTile(size / TilePath.WIDTH, dataEntries.size()), concat(dataEntries)));
        }
        return tiles;
    }

    /** The Merkle root of the tree as it stands. */
    byte[] root() {
        List<byte[]> perfectRoots = new ArrayList<>();
        for (int level = levels.size() - 1; level >= 0; level--) {
            List<byte[]> hashes = levels.get(level);
            int position = 0;
            for (int bit = Integer.highestOneBit(Math.max(hashes.size(), 1)); bit > 0; bit >>= 1) {
                if ((hashes.size() & bit) != 0) {
                    perfectRoots.add(Merkle.rootOfPerfect(hashes.subList(position, position + bit)));
                    position += bit;
                }
            }
        }
        return Merkle.foldRight(perfectRoots);
    }

    private void addHash(int level, byte[] hash, List<StoredFile> tiles, boolean[] dirty) {
        ensureLevel(level);
        List<byte[]> hashes = levels.get(level);
        hashes.add(hash);
        dirty[level] = true;
        if (hashes.size() == TilePath.WIDTH) {
            long index = tileIndexes.get(level);
            tiles.add(new StoredFile(TilePath.hashTile(level, index, TilePath.WIDTH), concat(hashes)));
            byte[] tileRoot = Merkle.rootOfPerfect(hashes);
            hashes.clear();
            tileIndexes.set(level, index + 1);
            addHash(level + 1, tileRoot, tiles, dirty);
        }
    }

    private void ensureLevel(int level) {
        while (levels.size() <= level) {
            levels.add(new ArrayList<>());
            tileIndexes.add(0L);
        }
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }
}
