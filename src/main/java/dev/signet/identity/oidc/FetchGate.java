package dev.signet.identity.oidc;

import java.util.concurrent.Semaphore;

/**
 * Admits key fetches: every one for static issuers (the operator chose them), a bounded number at
 * once for meta issuers, whose URLs anyone can mint. Never blocks: a fetch it does not admit fails.
 */
interface FetchGate {

    /** Admits every fetch. */
    FetchGate OPEN = new FetchGate() {
        @Override
        public boolean tryEnter() {
            return true;
        }

        @Override
        public void exit() {
        }
    };

    /** Admits at most {@code permits} fetches at once. */
    static FetchGate bounded(int permits) {
        Semaphore inFlight = new Semaphore(permits);
        return new FetchGate() {
            @Override
            public boolean tryEnter() {
                return inFlight.tryAcquire();
            }

            @Override
            public void exit() {
                inFlight.release();
            }
        };
    }

    /** Whether a fetch may start now; if so, {@link #exit()} must follow when it ends. */
    boolean tryEnter();

    void exit();
}
