package dev.signet.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import java.util.Map;

/** Hands a Quarkus test resource's fixtures to the test's {@link Fixture} fields. */
public final class Fixtures {

    private Fixtures() {
    }

    /** Sets every field annotated {@code @Fixture(name)} whose type accepts the value, for each entry. */
    public static void inject(TestInjector injector, Map<String, ?> fixtures) {
        fixtures.forEach((name, value) -> injector.injectIntoFields(value, field -> {
            Fixture fixture = field.getAnnotation(Fixture.class);
            return fixture != null && fixture.value().equals(name) && field.getType().isInstance(value);
        }));
    }
}
