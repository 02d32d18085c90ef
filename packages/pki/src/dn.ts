// Distinguished names read from DER (der-reader.ts) and rendered exactly as @peculiar/x509's Name renders them
// (Name#toString, Name#getField), which is what parseCsr returned before it stopped building asn1-schema objects.
import { contents, DerError, type Element, encoding, inside, readOid, TAG } from "./der-reader";
import { SUBJECT_ATTRIBUTES, type SubjectFields } from "./subject";

/** One attribute of an RDN: its type OID and its value as text (`hex` set for non-string values). */
export interface NameAttribute {
  type: string;
  value: string;
  /** The value's whole encoding as lower-case hex, when it is not one of the DirectoryString/IA5String types. */
  hex?: string;
}

export type DistinguishedName = NameAttribute[][];

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Bytes as Latin-1 characters, one per byte (how the generic parser read 8-bit strings). */
function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

/** A string value as the generic parser decoded it; undefined for types outside DirectoryString and IA5String. */
function decodeString(element: Element): string | undefined {
  const bytes = contents(element);
  switch (element.tag) {
    case TAG.utf8String:
      try {
        return STRICT_UTF8.decode(bytes);
      } catch {
        return latin1(bytes); // not UTF-8: the raw bytes as characters
      }
    case TAG.printableString:
    case TAG.teletexString:
    case TAG.ia5String:
      return latin1(bytes);
    case TAG.bmpString: {
      if (bytes.length % 2 !== 0) throw new DerError("BMPString of odd length");
      let text = "";
      for (let i = 0; i < bytes.length; i += 2)
        text += String.fromCharCode(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
      return text;
    }
    case TAG.universalString: {
      if (bytes.length % 4 !== 0) throw new DerError("UniversalString not a multiple of 4 bytes");
      // Only the low 16 bits of each code point survive, as before.
      let text = "";
      for (let i = 0; i < bytes.length; i += 4)
        text += String.fromCharCode(((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number));
      return text;
    }
    default:
      return undefined;
  }
}

/** Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue). */
export function readName(element: Element): DistinguishedName {
  if (element.tag !== TAG.sequence) throw new DerError("Name expected");
  const rdns: DistinguishedName = [];
  const names = inside(element);
  while (!names.done) {
    const rdn = inside(names.expect(TAG.set, "RelativeDistinguishedName"));
    const attributes: NameAttribute[] = [];
    while (!rdn.done) {
      const atv = inside(rdn.expect(TAG.sequence, "AttributeTypeAndValue"));
      const type = readOid(atv.next());
      const valueElement = atv.next();
      atv.finish("AttributeTypeAndValue");
      const text = decodeString(valueElement);
      if (text !== undefined) attributes.push({ type, value: text });
      else {
        const hex = Buffer.from(encoding(valueElement)).toString("hex");
        attributes.push({ type, value: hex, hex });
      }
    }
    rdns.push(attributes);
  }
  return rdns;
}

/** Short names @peculiar/x509 prints; other types print as their OID. */
const SHORT_NAMES: Record<string, string> = {
  "2.5.4.3": "CN",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.6": "C",
  "0.9.2342.19200300.100.1.25": "DC",
  "1.2.840.113549.1.9.1": "E",
  "2.5.4.42": "G",
  "2.5.4.43": "I",
  "2.5.4.4": "SN",
  "2.5.4.12": "T",
};

/** @peculiar/x509's escaping, quirks included (only the first CR/LF/TAB is hex-escaped). */
function escapeValue(value: string): string {
  return value
    .replace(/([,+"\\<>;])/g, "\\$1")
    .replace(/^([ #])/, "\\$1")
    .replace(/([ ]$)/, "\\$1")
    .replace(/([\r\n\t])/, (char) => `\\${Buffer.from(char).toString("hex").toUpperCase()}`);
}

/** RFC 4514-style rendering: "CN=example.com, O=Example", multi-valued RDNs joined with "+". */
export function renderName(name: DistinguishedName): string {
  return name
    .map((rdn) =>
      rdn
        .map((attribute) => {
          const type = Object.hasOwn(SHORT_NAMES, attribute.type) ? SHORT_NAMES[attribute.type] : attribute.type;
          return `${type}=${attribute.hex !== undefined ? `#${attribute.hex}` : escapeValue(attribute.value)}`;
        })
        .join("+"),
    )
    .join(", ");
}

/** The subject fields this package knows, each from the first attribute of its type. */
export function subjectFields(name: DistinguishedName): SubjectFields {
  const fields: SubjectFields = {};
  for (const [field, type] of SUBJECT_ATTRIBUTES) {
    for (const rdn of name) {
      const attribute = rdn.find((candidate) => candidate.type === type);
      if (attribute) {
        fields[field] = attribute.value;
        break;
      }
    }
  }
  return fields;
}
