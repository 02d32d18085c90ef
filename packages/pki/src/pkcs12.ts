// PKCS#12 (PFX) files for IIS and Tomcat, with the algorithms OpenSSL 3 uses by default — the key shrouded with
// PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), the certificates encrypted the same way, and an HMAC-SHA256 MAC —
// so `openssl pkcs12` opens them without `-legacy`. Any PKCS#8 key works: RSA, ECC.
import * as crypto from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { readPem, toArrayBuffer } from "./pem";

const BAG_SHROUDED_KEY = "1.2.840.113549.1.12.10.1.2";
const BAG_CERT = "1.2.840.113549.1.12.10.1.3";
const ATTR_FRIENDLY_NAME = "1.2.840.113549.1.9.20";
const ATTR_LOCAL_KEY_ID = "1.2.840.113549.1.9.21";
const CERT_TYPE_X509 = "1.2.840.113549.1.9.22.1";
const ITERATIONS = 2048;

export interface Pkcs12Params {
  /** Unencrypted private key, PEM. */
  keyPem: string;
  /** The leaf. */
  certPem: string;
  /** Intermediate(s) and root, in order. */
  chainPem: string[];
  password: string;
  /** Shown by IIS and used by Tomcat as the keystore alias. */
  friendlyName: string;
}

function certificateDer(pem: string): Uint8Array {
  const block = readPem(pem, "CERTIFICATE");
  if (!block) throw new TypeError("expected a PEM CERTIFICATE");
  return block.der;
}

function certBag(der: Uint8Array, attributes: pkijs.Attribute[]): pkijs.SafeBag {
  return new pkijs.SafeBag({
    bagId: BAG_CERT,
    bagValue: new pkijs.CertBag({
      certId: CERT_TYPE_X509,
      certValue: new asn1js.OctetString({ valueHex: toArrayBuffer(der) }),
    }),
    bagAttributes: attributes.length > 0 ? attributes : undefined,
  });
}

export async function buildPkcs12(params: Pkcs12Params): Promise<Uint8Array> {
  const password = toArrayBuffer(new TextEncoder().encode(params.password));
  const leafDer = certificateDer(params.certPem);
  const localKeyId = crypto.createHash("sha1").update(leafDer).digest();
  const leafAttributes = [
    new pkijs.Attribute({ type: ATTR_FRIENDLY_NAME, values: [new asn1js.BmpString({ value: params.friendlyName })] }),
    new pkijs.Attribute({
      type: ATTR_LOCAL_KEY_ID,
      values: [new asn1js.OctetString({ valueHex: toArrayBuffer(localKeyId) })],
    }),
  ];

  // Node (OpenSSL) writes the shrouded key: EncryptedPrivateKeyInfo with PBES2/PBKDF2-SHA256/AES-256-CBC.
  const shrouded = crypto
    .createPrivateKey(params.keyPem)
    .export({ type: "pkcs8", format: "der", cipher: "aes-256-cbc", passphrase: params.password });
  const keyBag = new pkijs.SafeBag({
    bagId: BAG_SHROUDED_KEY,
    bagValue: new pkijs.PKCS8ShroudedKeyBag({ schema: asn1js.fromBER(toArrayBuffer(new Uint8Array(shrouded))).result }),
    bagAttributes: leafAttributes,
  });

  const certBags = [
    certBag(leafDer, leafAttributes),
    ...params.chainPem.map((pem) => certBag(certificateDer(pem), [])),
  ];

  const authenticatedSafe = new pkijs.AuthenticatedSafe({
    parsedValue: {
      safeContents: [
        { privacyMode: 1, value: new pkijs.SafeContents({ safeBags: certBags }) },
        { privacyMode: 0, value: new pkijs.SafeContents({ safeBags: [keyBag] }) },
      ],
    },
  });
  await authenticatedSafe.makeInternalValues({
    safeContents: [
      {
        password,
        contentEncryptionAlgorithm: { name: "AES-CBC", length: 256 },
        hmacHashAlgorithm: "SHA-256",
        iterationCount: ITERATIONS,
      },
      {},
    ],
  });

  const pfx = new pkijs.PFX({ parsedValue: { integrityMode: 0, authenticatedSafe } });
  await pfx.makeInternalValues({
    password,
    iterations: ITERATIONS,
    pbkdf2HashAlgorithm: { name: "SHA-256" },
    hmacHashAlgorithm: "SHA-256",
  });
  return new Uint8Array(pfx.toSchema().toBER(false));
}
