package dev.signet.ctlog.embedded.http;

import dev.signet.ctlog.embedded.TilePath;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed static-ct-api tile path (the part after {@code tile/}): {@code <L>/<N>[.p/<W>]} for a
 * hash tile or {@code data/<N>[.p/<W>]} for a data tile, where N is written in 3-digit groups,
 * every group but the last prefixed by {@code x}. Only the canonical spelling is accepted.
 *
 * @param level tile level 0..5, or -1 for a data tile
 * @param index tile index
 * @param width hashes or entries in the tile, 1..256 (256 = full)
 */
record TileRequest(int level, long index, int width) {
    /** A level-0 tile index is below 2^32 for a 40-bit log: four groups; six keep every index inside a long. */
    private static final Pattern SHAPE = Pattern.compile(
            "(data|[0-5])/((?:x[0-9]{3}/){0,5}[0-9]{3})(?:\\.p/([1-9][0-9]{0,2}))?");
    private static final int MAX_LENGTH = 64;

    boolean isData() {
        return level < 0;
    }

    /** The storage path this request names, e.g. {@code tile/data/x001/234.p/5}. */
    String path() {
        return isData() ? TilePath.dataTile(index, width) : TilePath.hashTile(level, index, width);
    }

    /** Parses {@code path}; empty when it is not a canonical tile path. */
    static Optional<TileRequest> parse(String path) {
        if (path == null || path.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher matcher = SHAPE.matcher(path);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int level = matcher.group(1).equals("data") ? -1 : Integer.parseInt(matcher.group(1));
        long index = Long.parseLong(matcher.group(2).replace("x", "").replace("/", ""));
        int width = matcher.group(3) == null ? TilePath.WIDTH : Integer.parseInt(matcher.group(3));
        if (matcher.group(3) != null && width >= TilePath.WIDTH) {
            return Optional.empty();
        }
        TileRequest request = new TileRequest(level, index, width);
        // Leading zero groups ("x000/001") and other non-canonical spellings name no file.
        return request.path().equals("tile/" + path) ? Optional.of(request) : Optional.empty();
    }
}
