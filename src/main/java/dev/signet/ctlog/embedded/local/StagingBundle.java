package dev.signet.ctlog.embedded.local;

import dev.signet.ctlog.TlsReader;
import dev.signet.ctlog.TlsWriter;
import dev.signet.ctlog.embedded.StoredFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The tiles of one flush, written durably before the checkpoint CAS so that a crash between the
 * CAS and publication can be finished on restart: (u16 path, u32 content) records, keyed by the
 * new tree's size and root.
 */
final class StagingBundle {
    private StagingBundle() {
    }

    static String path(long treeSize, byte[] rootHash) {
        return "staging/" + treeSize + "-" + HexFormat.of().formatHex(rootHash);
    }

    static byte[] encode(List<StoredFile> files) {
        TlsWriter out = new TlsWriter(64 * 1024);
        for (StoredFile file : files) {
            out.vector(file.path().getBytes(StandardCharsets.UTF_8), 2).vector(file.content(), 4);
        }
        return out.toByteArray();
    }

    static List<StoredFile> decode(byte[] bundle) {
        List<StoredFile> files = new ArrayList<>();
        TlsReader in = new TlsReader(bundle);
        while (in.hasRemaining()) {
            String path = new String(in.vector(2), StandardCharsets.UTF_8);
            if (!path.startsWith("tile/")) {
                throw new IllegalArgumentException("staging bundle names a non-tile path");
            }
            files.add(new StoredFile(path, in.vector(4)));
        }
        return files;
    }
}
