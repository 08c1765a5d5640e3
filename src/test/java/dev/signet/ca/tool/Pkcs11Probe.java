package dev.signet.ca.tool;

import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * Run as a child JVM (SoftHSM reads SOFTHSM2_CONF from the process environment): opens the token
 * exactly as a SunPKCS11 user would, with the operator's configuration alone, and prints what it
 * sees under an alias: every alias, the chain (base64 DER), the key's description and whether it signs.
 */
public final class Pkcs11Probe {

    private Pkcs11Probe() {
    }

    public static void main(String[] args) throws Exception {
        Provider provider = Security.getProvider("SunPKCS11").configure(args[0]);
        KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
        keyStore.load(null, System.getenv(args[1]).toCharArray());
        List<String> aliases = Collections.list(keyStore.aliases());
        Collections.sort(aliases);
        System.out.println("aliases=" + String.join(",", aliases));
        String alias = args[2];
        Certificate[] chain = keyStore.getCertificateChain(alias);
        for (Certificate certificate : chain) {
            System.out.println("chain=" + Base64.getEncoder().encodeToString(certificate.getEncoded()));
        }
        PrivateKey key = (PrivateKey) keyStore.getKey(alias, null);
        System.out.println("key=" + key);
        Signature signer = Signature.getInstance("SHA384withECDSA", provider);
        signer.initSign(key);
        byte[] message = "probe".getBytes(StandardCharsets.US_ASCII);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA384withECDSA");
        verifier.initVerify(((X509Certificate) chain[0]).getPublicKey());
        verifier.update(message);
        System.out.println("signs=" + verifier.verify(signature));
    }
}
