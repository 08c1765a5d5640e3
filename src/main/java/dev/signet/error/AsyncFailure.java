package dev.signet.error;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What failed behind a future: the wrappers a {@code CompletableFuture} adds, taken off. */
public final class AsyncFailure {
    private AsyncFailure() {
    }

    /**
     * {@code failure} without its {@link CompletionException} and {@link ExecutionException}
     * wrappers, so a stage's own exception (a {@link SignetException}, a client's timeout) is judged
     * as what it is.
     */
    public static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
