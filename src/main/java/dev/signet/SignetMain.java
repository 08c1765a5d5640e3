package dev.signet;

import dev.signet.ca.tool.CaTool;
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
        Quarkus.run(args);
    }
}
