package dev.signet.ctlog.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Leaf hash to index, for {@code get-proof-by-hash}. The file {@code leaf-hashes} holds the leaf
 * hash of entry i at offset 32·i; it is appended after publication without fsync, so it may lose
 * its tail in a crash, and the log refills that tail from the data tiles on start.
 */
final class LeafHashIndex implements AutoCloseable {
    private final FileChannel file;
    private final Map<ByteBuffer, Long> indexes = new HashMap<>();
    private long count;

    LeafHashIndex(Path path) throws IOException {
        file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long records = file.size() / 32;
        file.truncate(records * 32);
        ByteBuffer buffer = ByteBuffer.allocate(32 * 1024);
        long position = 0;
        while (position < records * 32) {
            buffer.clear();
            int read = file.read(buffer, position);
            if (read <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.remaining() >= 32 && count < records) {
                byte[] hash = new byte[32];
                buffer.get(hash);
                indexes.put(ByteBuffer.wrap(hash), count++);
            }
            position = count * 32;
        }
    }

    synchronized long count() {
        return count;
    }

    /** Drops records past {@code size}: never happens unless the tree file was tampered with. */
    synchronized void truncate(long size) throws IOException {
        if (count > size) {
            indexes.values().removeIf(index -> index >= size);
            count = size;
            file.truncate(size * 32);
        }
    }

    /** Records the hashes of entries {@code [count, count + hashes.size())}. */
    synchronized void append(List<byte[]> hashes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32 * hashes.size());
        for (byte[] hash : hashes) {
            buffer.put(hash);
        }
        buffer.flip();
        long position = count * 32;
        while (buffer.hasRemaining()) {
            position += file.write(buffer, position);
        }
        for (byte[] hash : hashes) {
            indexes.putIfAbsent(ByteBuffer.wrap(hash.clone()), count++);
        }
    }

    synchronized OptionalLong find(byte[] leafHash) {
        Long index = indexes.get(ByteBuffer.wrap(leafHash));
        return index == null ? OptionalLong.empty() : OptionalLong.of(index);
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
