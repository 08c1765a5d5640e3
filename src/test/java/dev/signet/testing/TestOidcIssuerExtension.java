package dev.signet.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test, {@code @BeforeEach} or {@code @BeforeAll} method a started {@link TestOidcIssuer} per
 * parameter of that type, and closes it when that method's scope ends (the test, or the class for
 * {@code @BeforeAll}), so no test starts or stops an issuer by hand:
 * <pre>{@code
 * @ExtendWith(TestOidcIssuerExtension.class)
 * class SomeTest {
 *     @BeforeEach
 *     void start(TestOidcIssuer issuer) { ... }
 * }
 * }</pre>
 * A parameter annotated {@link Tls} gets an HTTPS issuer named {@code localhost}.
 */
public final class TestOidcIssuerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TestOidcIssuerExtension.class);

    /** Serve HTTPS ({@link TestOidcIssuer#startTls()}) under the name {@code localhost}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    public @interface Tls {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestOidcIssuer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestOidcIssuer issuer = parameter.isAnnotated(Tls.class)
                ? new TestOidcIssuer().startTls().urlHost("localhost")
                : new TestOidcIssuer().start();
        // The store closes what it holds when the context that resolved the parameter ends.
        context.getStore(NAMESPACE).put(new Object(), (ExtensionContext.Store.CloseableResource) issuer::close);
        return issuer;
    }
}
