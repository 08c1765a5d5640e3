package dev.signet.challenge;

import dev.signet.codec.MalformedEncodingException;
import dev.signet.codec.Pem;
import dev.signet.codec.StrictDer;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Splits a PEM PKCS#10 request into the parts proof checking needs. The subject and attributes are skipped
 * without being parsed, so nothing of them is ever decoded, stringified or compared.
 */
final class CsrParser {
    static final int MAX_CSR_BYTES = 64 * 1024;
    // A real CSR nests about 8 deep (extension requests); hostile nesting stops here.
    private static final int MAX_DEPTH = 16;

    private CsrParser() {
    }

    /** The signed CertificationRequestInfo bytes as sent, the key, the signature algorithm and signature. */
    record ParsedCsr(byte[] signedInfo, byte[] subjectPublicKeyInfo, CsrSignatureAlgorithm signatureAlgorithm,
            byte[] signature) {
    }

    static ParsedCsr parse(byte[] pem) {
        if (pem == null || pem.length == 0) {
            throw invalid("CSR not provided");
        }
        if (pem.length > MAX_CSR_BYTES) {
            throw invalid("CSR of " + pem.length + " bytes is over the cap");
        }
        if (!Pem.looksLikePem(pem)) {
            throw invalid("CSR is not PEM");
        }
        Pem.Block block;
        try {
            block = Pem.decode(pem);
        } catch (MalformedEncodingException e) {
            throw new SignetException(ErrorKind.INVALID_CSR, "CSR PEM: " + e.getMessage(), e);
        }
        if (!block.type().equals("CERTIFICATE REQUEST") && !block.type().equals("NEW CERTIFICATE REQUEST")) {
            throw invalid("PEM type is not a certificate request");
        }
        return parseDer(block.der());
    }

    private static ParsedCsr parseDer(byte[] der) {
        StrictDer.Element info;
        StrictDer.Element subjectPublicKeyInfo;
        StrictDer.Element algorithm;
        StrictDer.Element signatureBits;
        try {
            StrictDer.Element request = StrictDer.parseWellFormed(der, MAX_DEPTH);
            if (request.tag() != StrictDer.SEQUENCE) {
                throw new MalformedEncodingException("CSR is not a SEQUENCE");
            }
            StrictDer.Reader parts = request.children();
            info = parts.next(StrictDer.SEQUENCE);
            algorithm = parts.next(StrictDer.SEQUENCE);
            signatureBits = parts.next(StrictDer.BIT_STRING);
            parts.requireEnd();

            StrictDer.Reader fields = info.children();
            StrictDer.Element version = fields.next(StrictDer.INTEGER);
            if (version.valueLength() != 1 || version.valueByte(0) != 0) {
                throw new MalformedEncodingException("CSR version is not v1 (0)");
            }
            fields.next(StrictDer.SEQUENCE); // subject: deliberately never looked at
            subjectPublicKeyInfo = fields.next(StrictDer.SEQUENCE);
            if (fields.hasNext()) {
                fields.next(StrictDer.CONTEXT_0_CONSTRUCTED); // attributes: ignored, like Fulcio
            }
            fields.requireEnd();
            if (signatureBits.valueLength() < 2 || signatureBits.valueByte(0) != 0) {
                throw new MalformedEncodingException("CSR signature BIT STRING is empty or has unused bits");
            }
        } catch (MalformedEncodingException e) {
            throw new SignetException(ErrorKind.INVALID_CSR, "CSR DER: " + e.getMessage(), e);
        }
        int signatureLength = signatureBits.valueLength() - 1;
        if (signatureLength > ProofVerifier.MAX_SIGNATURE_BYTES) {
            throw new SignetException(ErrorKind.INVALID_SIGNATURE, "CSR signature of " + signatureLength + " bytes");
        }
        CsrSignatureAlgorithm signatureAlgorithm = signatureAlgorithm(algorithm.encoded());
        byte[] signature = Arrays.copyOfRange(der, signatureBits.valueStart() + 1, signatureBits.end());
        return new ParsedCsr(info.encoded(), subjectPublicKeyInfo.encoded(), signatureAlgorithm, signature);
    }

    private static CsrSignatureAlgorithm signatureAlgorithm(byte[] encoded) {
        AlgorithmIdentifier identifier;
        try {
            identifier = AlgorithmIdentifier.getInstance(encoded);
        } catch (RuntimeException e) {
            throw new SignetException(ErrorKind.INVALID_CSR, "CSR signature algorithm does not parse", e);
        }
        return CsrSignatureAlgorithm.of(identifier).orElseThrow(() -> invalid(
                "unrecognized CSR signature algorithm " + identifier.getAlgorithm().getId()));
    }

    private static SignetException invalid(String logDetail) {
        return new SignetException(ErrorKind.INVALID_CSR, logDetail);
    }
}
