package dev.signet.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Every log record of the running application, with its message, MDC request ID and stack trace as text. */
final class CapturedLogs extends Handler {
    /** One captured record. */
    record Line(String level, String logger, String requestId, String text) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    static CapturedLogs install() {
        CapturedLogs handler = new CapturedLogs();
        handler.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(handler);
        return handler;
    }

    void uninstall() {
        Logger.getLogger("").removeHandler(this);
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        String message;
        String requestId = null;
        if (record instanceof ExtLogRecord ext) {
            message = ext.getFormattedMessage();
            requestId = ext.getMdc(RequestIds.MDC_KEY);
            if (!ext.getMdcCopy().isEmpty()) {
                message = message + " mdc=" + ext.getMdcCopy();
            }
        } else {
            message = String.valueOf(record.getMessage());
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            message = message + "\n" + trace;
        }
        lines.add(new Line(record.getLevel().getName(), record.getLoggerName(), requestId, message));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
