package dev.signet.ctlog;

/** RFC 6962 {@code LogEntryType}. */
public enum EntryType {
    X509_ENTRY(0),
    PRECERT_ENTRY(1);

    private final int code;

    EntryType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static EntryType fromCode(int code) {
        for (EntryType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown log entry type " + code);
    }
}
