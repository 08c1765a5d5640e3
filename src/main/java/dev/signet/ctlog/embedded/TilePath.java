package dev.signet.ctlog.embedded;

/**
 * tlog-tiles / static-ct-api paths: {@code tile/<L>/<N>[.p/<W>]} and {@code tile/data/<N>[.p/<W>]},
 * where N is written in 3-digit groups with every non-final group prefixed by {@code x}.
 */
public final class TilePath {
    /** Hashes (or entries) in a full tile. */
    public static final int WIDTH = 256;
    /** Tree levels per tile level. */
    public static final int HEIGHT = 8;

    private TilePath() {
    }

    /** Path of hash tile {@code index} at tile level {@code level} holding {@code width} hashes. */
    public static String hashTile(int level, long index, int width) {
        if (level < 0 || level > 63) {
            throw new IllegalArgumentException("tile level out of range: " + level);
        }
        return "tile/" + level + "/" + encode(index, width);
    }

    /** Path of data tile {@code index} holding {@code width} entries. */
    public static String dataTile(long index, int width) {
        return "tile/data/" + encode(index, width);
    }

    /** {@code 1234067} gives {@code x001/x234/067}; a partial width appends {@code .p/<W>}. */
    static String encode(long index, int width) {
        if (index < 0 || width < 1 || width > WIDTH) {
            throw new IllegalArgumentException("bad tile index " + index + " or width " + width);
        }
        String digits = Long.toString(index);
        int padded = ((digits.length() + 2) / 3) * 3;
        digits = "0".repeat(padded - digits.length()) + digits;
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 3) {
            if (i > 0) {
                path.append('/');
            }
            if (i + 3 < digits.length()) {
                path.append('x');
            }
            path.append(digits, i, i + 3);
        }
        if (width < WIDTH) {
            path.append(".p/").append(width);
        }
        return path.toString();
    }
}
