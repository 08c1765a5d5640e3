package dev.signet;

import dev.signet.ca.tool.CaTool;
import dev.signet.codec.BouncyCastle;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/**
 * Signet's entry point: {@code signet ca ...} runs the CA tool and exits without starting
 * anything else; every other invocation starts the server as before.
 */
@QuarkusMain
public class SignetMain {

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("ca")) {
            CaTool.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        warmBouncyCastle();
        Quarkus.run(args);
    }

    /**
     * Builds Signet's Bouncy Castle provider on its own thread while Quarkus boots: it costs several
     * hundred milliseconds of CPU (loading its algorithm classes; its EC class expands every named
     * curve) that the main thread would otherwise spend when the CA loads. The JVM's class
     * initialisation lock makes the main thread wait for it, if it gets there first, and see the
     * same failure if it fails.
     */
    private static void warmBouncyCastle() {
        Thread thread = new Thread(() -> BouncyCastle.PROVIDER.getName(), "signet-bouncy-castle-init");
        thread.setDaemon(true);
        thread.start();
    }
}
