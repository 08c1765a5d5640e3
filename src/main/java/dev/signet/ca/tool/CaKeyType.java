package dev.signet.ca.tool;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The key types {@code signet ca} creates, as Fulcio's CA specification recommends (P-384 first). */
enum CaKeyType {
    P384("p384"),
    P256("p256"),
    RSA4096("rsa4096");

    private final String optionValue;

    CaKeyType(String optionValue) {
        this.optionValue = optionValue;
    }

    String optionValue() {
        return optionValue;
    }

    /** The type named by {@code --key-type}. */
    static CaKeyType parse(String value) throws ToolFailure {
        for (CaKeyType type : values()) {
            if (type.optionValue.equals(value.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw ToolFailure.usage("--key-type must be one of " + Arrays.stream(values())
                .map(CaKeyType::optionValue).collect(Collectors.joining(", ")));
    }

    /** A new key pair made by {@code provider}: in memory for Bouncy Castle, inside the token for SunPKCS11. */
    KeyPair generate(Provider provider, SecureRandom random) {
        try {
            KeyPairGenerator generator;
            switch (this) {
                case P384, P256 -> {
                    generator = KeyPairGenerator.getInstance("EC", provider);
                    generator.initialize(new ECGenParameterSpec(this == P384 ? "secp384r1" : "secp256r1"), random);
                }
                case RSA4096 -> {
                    generator = KeyPairGenerator.getInstance("RSA", provider);
                    generator.initialize(4096, random);
                }
                default -> throw new IllegalStateException(name());
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + optionValue + " key with " + provider.getName(), e);
        }
    }
}
