package dev.signet.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a {@link Launcher} for the packaged Signet: every process it starts writes its log
 * under {@code target/packaged-logs/<test class>/<test>/} and is stopped (SIGTERM, then SIGKILL) when
 * the test ends, whatever the test did with it, so no child JVM outlives a failed test.
 */
public final class PackagedSignetExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PackagedSignetExtension.class);
    private static final Path LOGS = Path.of("target", "packaged-logs");

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Launcher.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Path logs = LOGS.resolve(context.getRequiredTestClass().getSimpleName())
                .resolve(context.getTestMethod().map(method -> method.getName()).orElse("class"));
        Launcher launcher = new Launcher(logs);
        context.getStore(NAMESPACE).put(new Object(), launcher);
        return launcher;
    }

    /** Starts packaged Signets for one test and stops them all at its end. */
    public static final class Launcher implements ExtensionContext.Store.CloseableResource {
        private final Path logDirectory;
        private final List<PackagedSignet> started = new ArrayList<>();

        Launcher(Path logDirectory) {
            this.logDirectory = logDirectory;
        }

        /** See {@link PackagedSignet#startReady(Path, String, Map)}. */
        public PackagedSignet startReady(String name, Map<String, String> properties)
                throws IOException, InterruptedException {
            return track(PackagedSignet.startReady(logDirectory, name, properties));
        }

        /** See {@link PackagedSignet#startReady(Path, String, Map, List)}. */
        public PackagedSignet startReady(String name, Map<String, String> properties, List<String> jvmArgs)
                throws IOException, InterruptedException {
            return track(PackagedSignet.startReady(logDirectory, name, properties, jvmArgs));
        }

        /** See {@link PackagedSignet#launch(Path, String, Map)}. */
        public PackagedSignet launch(String name, Map<String, String> properties) throws IOException {
            return track(PackagedSignet.launch(logDirectory, name, properties));
        }

        public Path logDirectory() {
            return logDirectory;
        }

        private synchronized PackagedSignet track(PackagedSignet signet) {
            started.add(signet);
            return signet;
        }

        @Override
        public synchronized void close() throws InterruptedException {
            for (PackagedSignet signet : started) {
                signet.close();
            }
        }
    }
}
