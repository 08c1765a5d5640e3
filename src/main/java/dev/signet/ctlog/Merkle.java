package dev.signet.ctlog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 6962 Merkle tree hashing and proofs: leaf and node hashes, roots, inclusion and consistency
 * proofs (computed from any {@link NodeHashSource}), and their verification (RFC 9162 §2.1.3.2 and §2.1.4.2).
 */
public final class Merkle {
    /** Root of the empty tree: SHA-256 of the empty string. */
    private static final byte[] EMPTY_ROOT = Sha256.hash();

    private Merkle() {
    }

    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    /** {@code SHA-256(0x00 || leaf)}. */
    public static byte[] leafHash(byte[] leaf) {
        return Sha256.hashWithPrefix((byte) 0, leaf);
    }

    /** {@code SHA-256(0x01 || left || right)}. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        return Sha256.hashWithPrefix((byte) 1, left, right);
    }

    /** Root of the tree whose leaves hash to {@code leafHashes} (any size, including zero). */
    public static byte[] rootFromLeafHashes(List<byte[]> leafHashes) {
        if (leafHashes.isEmpty()) {
            return emptyRoot();
        }
        return rangeHash(NodeHashSource.ofLeafHashes(leafHashes), 0, leafHashes.size());
    }

    /** Root of a perfect subtree: {@code hashes.size()} must be a power of two. */
    public static byte[] rootOfPerfect(List<byte[]> hashes) {
        int count = hashes.size();
        if (count == 0 || Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("not a perfect subtree: " + count + " hashes");
        }
        byte[][] level = hashes.toArray(new byte[0][]);
        for (int width = count; width > 1; width /= 2) {
            for (int i = 0; i < width / 2; i++) {
                level[i] = nodeHash(level[2 * i], level[2 * i + 1]);
            }
        }
        return level[0];
    }

    /**
     * Root of the tree whose perfect subtrees, left to right (strictly decreasing sizes), have the
     * given roots: the right edge of a tree folds into its root this way.
     */
    public static byte[] foldRight(List<byte[]> perfectSubtreeRoots) {
        if (perfectSubtreeRoots.isEmpty()) {
            return emptyRoot();
        }
        byte[] hash = perfectSubtreeRoots.get(perfectSubtreeRoots.size() - 1);
        for (int i = perfectSubtreeRoots.size() - 2; i >= 0; i--) {
            hash = nodeHash(perfectSubtreeRoots.get(i), hash);
        }
        return hash;
    }

    /** Root of the tree of size {@code size} read from {@code source}. */
    public static byte[] root(NodeHashSource source, long size) {
        return size == 0 ? emptyRoot() : rangeHash(source, 0, size);
    }

    /** RFC 6962 audit path for leaf {@code index} in the tree of size {@code size}, deepest first. */
    public static List<byte[]> inclusionProof(NodeHashSource source, long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " outside a tree of size " + size);
        }
        List<byte[]> proof = new ArrayList<>();
        collectPath(source, index, 0, size, proof);
        return proof;
    }

    /** RFC 6962 consistency proof from size {@code first} to size {@code second} (empty when equal or first is 0). */
    public static List<byte[]> consistencyProof(NodeHashSource source, long first, long second) {
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from " + first + " to " + second);
        }
        List<byte[]> proof = new ArrayList<>();
        if (first > 0 && first < second) {
            collectSubproof(source, first, 0, second, true, proof);
        }
        return proof;
    }

    /** Verifies an inclusion proof (RFC 9162 §2.1.3.2). */
    public static boolean verifyInclusion(byte[] leafHash, long index, long size, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] hash = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                hash = nodeHash(p, hash);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                hash = nodeHash(hash, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(hash, root);
    }

    /** Verifies a consistency proof between two tree heads (RFC 9162 §2.1.4.2). */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
            List<byte[]> proof) {
        if (first < 0 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (first == 0) {
            return proof.isEmpty();
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
        }
        if (path.isEmpty()) {
            return false;
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }

    /** Largest power of two strictly below {@code n} (n ≥ 2): RFC 6962's split point k. */
    public static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /**
     * {@code MTH(D[start:end])} for a subtree that RFC 6962's recursion produces: start is aligned,
     * so the range is a run of perfect subtrees of decreasing size folded from the right.
     */
    private static byte[] rangeHash(NodeHashSource source, long start, long end) {
        List<byte[]> parts = new ArrayList<>();
        long position = start;
        while (position < end) {
            int level = 63 - Long.numberOfLeadingZeros(end - position);
            if (position != 0) {
                level = Math.min(level, Long.numberOfTrailingZeros(position));
            }
            parts.add(source.nodeHash(level, position >>> level));
            position += 1L << level;
        }
        return foldRight(parts);
    }

    private static void collectPath(NodeHashSource source, long index, long start, long end, List<byte[]> out) {
        if (end - start == 1) {
            return;
        }
        long k = split(end - start);
        if (index < start + k) {
            collectPath(source, index, start, start + k, out);
            out.add(rangeHash(source, start + k, end));
        } else {
            collectPath(source, index, start + k, end, out);
            out.add(rangeHash(source, start, start + k));
        }
    }

    private static void collectSubproof(NodeHashSource source, long m, long start, long end, boolean complete,
            List<byte[]> out) {
        long size = end - start;
        if (m == size) {
            if (!complete) {
                out.add(rangeHash(source, start, end));
            }
            return;
        }
        long k = split(size);
        if (m <= k) {
            collectSubproof(source, m, start, start + k, complete, out);
            out.add(rangeHash(source, start + k, end));
        } else {
            collectSubproof(source, m - k, start + k, end, false, out);
            out.add(rangeHash(source, start, start + k));
        }
    }
}
