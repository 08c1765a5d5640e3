// Signs a payload with sigstore-js against Signet (its Fulcio client, unmodified), then checks the
// returned certificate with sigstore-js's own chain and SCT verifiers against Signet's trusted root.
// Usage: node sign-and-verify.js <signet base URL> <identity token file>
// Prints one JSON line; exits non-zero with the client's error on stderr when anything fails.
'use strict';
const fs = require('fs');
const { sign } = require('sigstore');
const { TrustedRoot } = require('@sigstore/protobuf-specs');
const { toTrustMaterial } = require('@sigstore/verify');
const { verifyCertificateChain } = require('@sigstore/verify/dist/key/certificate');
const { verifySCTs } = require('@sigstore/verify/dist/key/sct');
const { X509Certificate } = require('@sigstore/core');

(async () => {
  const [base, tokenFile] = process.argv.slice(2);
  const identityToken = fs.readFileSync(tokenFile, 'utf8').trim();
  // No Rekor here: the bundle carries the certificate, not a transparency-log entry for the signature.
  const bundle = await sign(Buffer.from('signed by sigstore-js'), { fulcioURL: base, identityToken, tlogUpload: false });
  const material = bundle.verificationMaterial;
  const certificates = material.x509CertificateChain
    ? material.x509CertificateChain.certificates
    : [material.certificate];
  const leaf = X509Certificate.parse(Buffer.from(certificates[0].rawBytes, 'base64'));

  const response = await fetch(base + '/api/v2/trustedRoot');
  const trust = toTrustMaterial(TrustedRoot.fromJSON(await response.json()));
  const path = verifyCertificateChain(new Date(), leaf, trust.certificateAuthorities);
  const scts = verifySCTs(path[0], path[1], trust.ctlogs);
  console.log(JSON.stringify({
    mediaType: bundle.mediaType,
    chainLength: path.length,
    verifiedScts: scts.length,
    subjectAltName: leaf.subjectAltName,
    leaf: certificates[0].rawBytes,
  }));
})().catch((error) => {
  console.error(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
