package dev.signet.identity.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "127.0.0.1", "127.8.9.10", "100.64.0.1",
            "100.127.255.254", "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.168.1.1", "192.0.0.8",
            "198.18.0.1", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
            "::", "::1", "fe80::1", "febf::1", "fec0::1", "fc00::1", "fd12:3456::1", "ff02::1",
            "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "::127.0.0.1", "::ffff:0:7f00:1",
            "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "2001:db8::1", "100::1"
    })
    void nonPublicAddressesAreRefused(String literal) throws UnknownHostException {
        assertFalse(AddressPolicy.isPublic(InetAddress.getByName(literal)), literal);
        SignetException e = assertThrows(SignetException.class, () -> AddressPolicy.resolvePublic(literal));
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.15.255.255", "172.32.0.1", "169.253.0.1",
            "192.169.0.1", "198.20.0.1", "223.255.255.255", "2606:4700:4700::1111", "2a00:1450:4001::200e",
            "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::"
    })
    void publicAddressesPass(String literal) throws UnknownHostException {
        assertTrue(AddressPolicy.isPublic(InetAddress.getByName(literal)), literal);
        assertEquals(InetAddress.getByName(literal), AddressPolicy.resolvePublic(literal));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "[::1]", "[::ffff:127.0.0.1]"})
    void loopbackNamesAreRefused(String host) {
        SignetException e = assertThrows(SignetException.class, () -> AddressPolicy.resolvePublic(host));
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
    }
}
