package dev.signet.api.grpc;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs sigstore-java's gRPC Fulcio client in a class loader of the test class path's jars only.
 * sigstore-java ships its own {@code dev.sigstore.fulcio.v2} classes, generated from Fulcio's proto;
 * isolated, it uses those rather than Signet's, so the test checks Fulcio's proto against our server.
 */
final class IsolatedSigstoreJava {

    private IsolatedSigstoreJava() {
    }

    /** One loader per test JVM, never closed: grpc's shared event loop threads outlive a call and load from it. */
    private static final class Loader {
        static final URLClassLoader INSTANCE = new URLClassLoader(jars(), ClassLoader.getPlatformClassLoader());
    }

    @SuppressWarnings("unchecked")
    static List<X509Certificate> signingCertificate(URI fulcio, PublicKey key, String token, byte[] proof)
            throws Exception {
        URLClassLoader loader = Loader.INSTANCE;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class<?> requests = loader.loadClass("dev.sigstore.fulcio.client.CertificateRequest");
            Object request = requests.getMethod("newCertificateRequest", PublicKey.class, String.class, byte[].class)
                    .invoke(null, key, token, proof);
            Class<?> services = loader.loadClass("dev.sigstore.trustroot.Service");
            Object service = services.getMethod("of", URI.class, int.class).invoke(null, fulcio, 1);
            Object paramsBuilder = loader.loadClass("dev.sigstore.http.ImmutableHttpParams")
                    .getMethod("builder").invoke(null);
            paramsBuilder = call(paramsBuilder, "allowInsecureConnections", new Class<?>[] {boolean.class}, true);
            Object params = call(paramsBuilder, "build", new Class<?>[0]);
            Class<?> clients = loader.loadClass("dev.sigstore.fulcio.client.FulcioClientGrpc");
            Object builder = clients.getMethod("builder").invoke(null);
            builder = call(builder, "setService", new Class<?>[] {services}, service);
            builder = call(builder, "setHttpParams", new Class<?>[] {loader.loadClass("dev.sigstore.http.HttpParams")},
                    params);
            Object client = call(builder, "build", new Class<?>[0]);
            CertPath path = (CertPath) clients.getMethod("signingCertificate", requests).invoke(client, request);
            return (List<X509Certificate>) path.getCertificates();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /**
     * sigstore-java's own verifier: loads {@code trustedRootJson} as a Sigstore TrustedRoot and checks
     * that {@code chain} chains to one of its CAs and carries a valid embedded SCT from one of its CT logs.
     *
     * @throws Exception the verifier's refusal (a {@code FulcioVerificationException}) or a parse failure
     */
    static void verifySigningCertificate(byte[] trustedRootJson, List<X509Certificate> chain) throws Exception {
        URLClassLoader loader = Loader.INSTANCE;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class<?> roots = loader.loadClass("dev.sigstore.trustroot.SigstoreTrustedRoot");
            Object root = roots.getMethod("from", InputStream.class)
                    .invoke(null, new ByteArrayInputStream(trustedRootJson));
            Class<?> verifiers = loader.loadClass("dev.sigstore.fulcio.client.FulcioVerifier");
            Object verifier = verifiers.getMethod("newFulcioVerifier", roots).invoke(null, root);
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
            verifiers.getMethod("verifySigningCertificate", CertPath.class).invoke(verifier, path);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static Object call(Object target, String name, Class<?>[] types, Object... arguments) throws Exception {
        Method method = target.getClass().getMethod(name, types);
        method.setAccessible(true);
        return method.invoke(target, arguments);
    }

    /** Every jar on the test class path (Signet's own class directories left out). */
    private static URL[] jars() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                try {
                    urls.add(Path.of(entry).toUri().toURL());
                } catch (java.net.MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return urls.toArray(URL[]::new);
    }
}
