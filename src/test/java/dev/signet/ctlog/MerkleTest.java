package dev.signet.ctlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 6962 hashing and proofs against the reference vectors published in transparency-dev/merkle
 * ({@code testonly/constants.go}) and certificate-transparency-go: eight leaves and their roots.
 */
class MerkleTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};
    private static final String[] ROOTS = {
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    private static List<byte[]> leafHashes() {
        List<byte[]> hashes = new ArrayList<>();
        for (String leaf : LEAVES) {
            hashes.add(Merkle.leafHash(HEX.parseHex(leaf)));
        }
        return hashes;
    }

    private static List<byte[]> hashes(String... hex) {
        List<byte[]> out = new ArrayList<>();
        for (String h : hex) {
            out.add(HEX.parseHex(h));
        }
        return out;
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    @Test
    void rootsMatchTheReferenceForEverySize() {
        List<byte[]> leaves = leafHashes();
        for (int size = 0; size <= 8; size++) {
            assertEquals(ROOTS[size], HEX.formatHex(Merkle.rootFromLeafHashes(leaves.subList(0, size))),
                    "size " + size);
            assertEquals(ROOTS[size], HEX.formatHex(Merkle.root(NodeHashSource.ofLeafHashes(leaves), size)));
        }
    }

    @Test
    void inclusionProofsMatchTheReference() {
        NodeHashSource source = NodeHashSource.ofLeafHashes(leafHashes());
        List<byte[]> proof0 = hashes("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        List<byte[]> proof5 = hashes("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertEquals(hex(proof0), hex(Merkle.inclusionProof(source, 0, 8)));
        assertEquals(hex(proof5), hex(Merkle.inclusionProof(source, 5, 8)));
        byte[] root = HEX.parseHex(ROOTS[8]);
        assertTrue(Merkle.verifyInclusion(leafHashes().get(0), 0, 8, proof0, root));
        assertTrue(Merkle.verifyInclusion(leafHashes().get(5), 5, 8, proof5, root));
        assertFalse(Merkle.verifyInclusion(leafHashes().get(5), 4, 8, proof5, root));
        assertFalse(Merkle.verifyInclusion(leafHashes().get(4), 5, 8, proof5, root));
        assertFalse(Merkle.verifyInclusion(leafHashes().get(5), 5, 9, proof5, root));
        assertFalse(Merkle.verifyInclusion(leafHashes().get(5), 5, 8, proof5.subList(0, 2), root));
    }

    @Test
    void consistencyProofsMatchTheReference() {
        NodeHashSource source = NodeHashSource.ofLeafHashes(leafHashes());
        check(source, 2, 8, "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        check(source, 6, 8, "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        check(source, 2, 5, "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        assertTrue(Merkle.consistencyProof(source, 8, 8).isEmpty());
    }

    private static void check(NodeHashSource source, int first, int second, String... expected) {
        List<byte[]> proof = Merkle.consistencyProof(source, first, second);
        assertEquals(List.of(expected), hex(proof));
        byte[] firstRoot = HEX.parseHex(ROOTS[first]);
        byte[] secondRoot = HEX.parseHex(ROOTS[second]);
        assertTrue(Merkle.verifyConsistency(first, second, firstRoot, secondRoot, proof));
        assertFalse(Merkle.verifyConsistency(first, second, secondRoot, secondRoot, proof));
        assertFalse(Merkle.verifyConsistency(first, second, firstRoot, firstRoot, proof));
        assertFalse(Merkle.verifyConsistency(first - 1, second, firstRoot, secondRoot, proof));
    }

    @Test
    void everyProofOfLargerTreesVerifies() {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            leaves.add(Merkle.leafHash(new byte[] {(byte) i, (byte) (i * 7)}));
        }
        NodeHashSource source = NodeHashSource.ofLeafHashes(leaves);
        for (int size = 1; size <= leaves.size(); size++) {
            byte[] root = Merkle.rootFromLeafHashes(leaves.subList(0, size));
            for (int index = 0; index < size; index++) {
                List<byte[]> proof = Merkle.inclusionProof(source, index, size);
                assertTrue(Merkle.verifyInclusion(leaves.get(index), index, size, proof, root), index + "/" + size);
                if (size > 1) {
                    assertFalse(Merkle.verifyInclusion(leaves.get((index + 1) % size), index, size, proof, root));
                }
            }
            for (int first = 1; first <= size; first++) {
                byte[] firstRoot = Merkle.rootFromLeafHashes(leaves.subList(0, first));
                List<byte[]> proof = Merkle.consistencyProof(source, first, size);
                assertTrue(Merkle.verifyConsistency(first, size, firstRoot, root, proof), first + "->" + size);
            }
        }
    }
}
