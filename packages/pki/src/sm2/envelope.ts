/** Shape checks on signed objects that the schema parser lets through. */
import * as asn1js from "asn1js";

/**
 * True when `der` is exactly one `SEQUENCE { tbs, algorithm, BIT STRING }` with nothing after it and a signature
 * with no unused bits — the outer layer of certificates and PKCS#10 requests. The signature covers only the
 * inner `tbs`, so without this a changed trailing byte or unused-bits count would leave the signature valid.
 */
export function isStrictSignedEnvelope(der: Uint8Array): boolean {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset !== der.length || !(parsed.result instanceof asn1js.Sequence)) return false;
  const items = parsed.result.valueBlock.value;
  const signature = items[2];
  return items.length === 3 && signature instanceof asn1js.BitString && signature.valueBlock.unusedBits === 0;
}
