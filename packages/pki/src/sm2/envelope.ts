/** Shape checks on signed objects that the schema parser lets through. */
import * as asn1js from "asn1js";

/** Header plus declared content length of a parsed element; undefined for indefinite-length (BER-only) forms. */
function declaredLength(block: asn1js.AsnType): number | undefined {
  const { idBlock, lenBlock } = block as asn1js.BaseBlock;
  return lenBlock.isIndefiniteForm ? undefined : idBlock.blockLength + lenBlock.blockLength + lenBlock.length;
}

/**
 * True when `der` is exactly one `SEQUENCE { tbs, algorithm, BIT STRING }` whose declared lengths add up, with
 * nothing after it and a signature with no unused bits — the outer layer of certificates and PKCS#10 requests.
 * The signature covers only the inner `tbs`, and asn1js tolerates an outer length shorter than its children, so
 * without this a changed outer length, trailing byte or unused-bits count would leave the signature valid.
 */
export function isStrictSignedEnvelope(der: Uint8Array): boolean {
  const parsed = asn1js.fromBER(der);
  const outer = parsed.result;
  if (parsed.offset !== der.length || !(outer instanceof asn1js.Sequence)) return false;
  if (declaredLength(outer) !== der.length) return false;
  const items = outer.valueBlock.value;
  const signature = items[2];
  if (items.length !== 3 || !(signature instanceof asn1js.BitString) || signature.valueBlock.unusedBits !== 0) {
    return false;
  }
  let inner = 0;
  for (const item of items) {
    const length = declaredLength(item);
    if (length === undefined) return false;
    inner += length;
  }
  return inner === outer.lenBlock.length;
}
