package dev.signet.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a {@code @QuarkusTest} that a test resource fills with one of the fixtures it
 * started, chosen by name: {@code @Fixture(OidcIssuersTestResource.ISSUER) TestOidcIssuer issuer;}.
 * The resource hands its fixtures over in {@code inject(TestInjector)} through {@link Fixtures#inject},
 * so no test reads a resource's static state (a static field outlives the resource and is shared
 * by every Quarkus application the run boots).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Fixture {
    /** The name the resource gives the fixture. */
    String value();
}
