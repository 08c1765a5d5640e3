package dev.signet.ctlog;

import java.util.List;

/**
 * Hashes of complete (perfect) subtrees of a Merkle tree: the node at {@code level} and
 * {@code index} covers leaves {@code [index << level, (index + 1) << level)}. Tiles are one such source.
 */
@FunctionalInterface
public interface NodeHashSource {

    /** The hash of a complete subtree; the caller only asks for nodes that exist. */
    byte[] nodeHash(int level, long index);

    /** A source computing nodes from leaf hashes held in memory (tests and small trees). */
    static NodeHashSource ofLeafHashes(List<byte[]> leafHashes) {
        return (level, index) -> {
            int start = Math.toIntExact(index << level);
            return Merkle.rootOfPerfect(leafHashes.subList(start, start + (1 << level)));
        };
    }
}
