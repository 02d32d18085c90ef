/** PEM armour (RFC 7468) for the SM2 module's DER objects. */
export type PemLabel = "CERTIFICATE" | "CERTIFICATE REQUEST" | "PRIVATE KEY" | "PUBLIC KEY";

export function toPem(der: Uint8Array | ArrayBuffer, label: PemLabel): string {
  const b64 = Buffer.from(der instanceof ArrayBuffer ? new Uint8Array(der) : der).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** DER bytes of the first PEM block with one of `labels`; undefined when there is none. */
export function fromPem(pem: string, ...labels: string[]): Uint8Array | undefined {
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (const m of pem.matchAll(re)) {
    const [, label, body] = m;
    if (label && labels.includes(label) && body !== undefined) {
      const clean = body.replace(/\s+/g, "");
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return undefined;
      return new Uint8Array(Buffer.from(clean, "base64"));
    }
  }
  return undefined;
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
