// Object identifiers this package reads or writes.
export const OID = {
  rsaEncryption: "1.2.840.113549.1.1.1",
  rsassaPss: "1.2.840.113549.1.1.10",
  ecPublicKey: "1.2.840.10045.2.1",
  ed25519: "1.3.101.112",
  ed448: "1.3.101.113",
  dsa: "1.2.840.10040.4.1",
  // Named curves.
  p256: "1.2.840.10045.3.1.7",
  p384: "1.3.132.0.34",
  p521: "1.3.132.0.35",
  sm2Curve: "1.2.156.10197.1.301",
  // Signature algorithms.
  sm3WithSm2: "1.2.156.10197.1.501",
  // PKCS#9 extension request (carries the SAN in a CSR).
  extensionRequest: "1.2.840.113549.1.9.14",
  subjectAltName: "2.5.29.17",
  // CA/Browser Forum certificate policies.
  policyDv: "2.23.140.1.2.1",
  policyOv: "2.23.140.1.2.2",
  policyEv: "2.23.140.1.1",
  anyPolicy: "2.5.29.32.0",
  // EV subject attributes.
  jurisdictionCountry: "1.3.6.1.4.1.311.60.2.1.3",
  jurisdictionState: "1.3.6.1.4.1.311.60.2.1.2",
  jurisdictionLocality: "1.3.6.1.4.1.311.60.2.1.1",
  businessCategory: "2.5.4.15",
  serialNumber: "2.5.4.5",
  // Extended key usages.
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
} as const;

/** Signature algorithm OIDs → the names OpenSSL prints. */
export const SIGNATURE_ALGORITHM_NAMES: Record<string, string> = {
  "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
  "1.2.840.113549.1.1.14": "sha224WithRSAEncryption",
  "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
  "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
  "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
  "1.2.840.113549.1.1.10": "rsassaPss",
  "1.2.840.10045.4.1": "ecdsa-with-SHA1",
  "1.2.840.10045.4.3.1": "ecdsa-with-SHA224",
  "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
  "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
  "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
  "1.2.156.10197.1.501": "SM3withSM2",
  "1.3.101.112": "ED25519",
  "1.3.101.113": "ED448",
};

/** Hash (node:crypto name) for the RSA PKCS#1 v1.5 and ECDSA signature OIDs. */
export const SIGNATURE_HASHES: Record<string, string> = {
  "1.2.840.113549.1.1.5": "sha1",
  "1.2.840.113549.1.1.14": "sha224",
  "1.2.840.113549.1.1.11": "sha256",
  "1.2.840.113549.1.1.12": "sha384",
  "1.2.840.113549.1.1.13": "sha512",
  "1.2.840.10045.4.1": "sha1",
  "1.2.840.10045.4.3.1": "sha224",
  "1.2.840.10045.4.3.2": "sha256",
  "1.2.840.10045.4.3.3": "sha384",
  "1.2.840.10045.4.3.4": "sha512",
};
