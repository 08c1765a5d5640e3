package dev.signet.ca.kms;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The {@link KmsConnector} of each KMS service, found once with {@link ServiceLoader}. */
final class KmsConnectors {

    private static final Map<KmsKeyReference.Service, KmsConnector> CONNECTORS = load();

    private KmsConnectors() {
    }

    static KmsConnector forService(KmsKeyReference.Service service) {
        return CONNECTORS.get(service);
    }

    /** One connector per service, or Signet is built wrong: a missing services line fails the first use. */
    private static Map<KmsKeyReference.Service, KmsConnector> load() {
        Map<KmsKeyReference.Service, KmsConnector> connectors = new EnumMap<>(KmsKeyReference.Service.class);
        for (KmsConnector connector : ServiceLoader.load(KmsConnector.class, KmsConnector.class.getClassLoader())) {
            if (connectors.put(connector.service(), connector) != null) {
                throw new IllegalStateException("two KMS connectors for " + connector.service());
            }
        }
        for (KmsKeyReference.Service service : KmsKeyReference.Service.values()) {
            if (!connectors.containsKey(service)) {
                throw new IllegalStateException("no KMS connector for " + service + " in META-INF/services");
            }
        }
        return Collections.unmodifiableMap(connectors);
    }
}
