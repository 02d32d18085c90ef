// Distinguished names as plain objects, encoded the way the Baseline Requirements expect
// (countryName and the EV identifiers as PrintableString, everything else UTF8String).
import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from "@peculiar/asn1-x509";
import { oid, sequence, set, tlv } from "./der";
import { x509 } from "./setup";

export interface SubjectFields {
  CN?: string;
  O?: string;
  OU?: string;
  L?: string;
  ST?: string;
  C?: string;
  /** Registration number (EV). */
  serialNumber?: string;
  /** EV: jurisdiction of incorporation, ISO 3166 alpha-2. */
  jurisdictionCountry?: string;
  /** EV: "Private Organization", "Government Entity", … */
  businessCategory?: string;
}

type Field = keyof SubjectFields;

/** Field → attribute OID, in the order they appear in a subject (most general first). */
export const SUBJECT_ATTRIBUTES: [Field, string, "printable" | "utf8"][] = [
  ["businessCategory", "2.5.4.15", "utf8"],
  ["jurisdictionCountry", "1.3.6.1.4.1.311.60.2.1.3", "printable"],
  ["serialNumber", "2.5.4.5", "printable"],
  ["C", "2.5.4.6", "printable"],
  ["ST", "2.5.4.8", "utf8"],
  ["L", "2.5.4.7", "utf8"],
  ["O", "2.5.4.10", "utf8"],
  ["OU", "2.5.4.11", "utf8"],
  ["CN", "2.5.4.3", "utf8"],
];

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** The fields to encode, in SUBJECT_ATTRIBUTES order, checked: PrintableString fields in its alphabet, C a country code. */
function* present(fields: SubjectFields): Generator<[string, string, "printable" | "utf8"]> {
  for (const [field, oid, kind] of SUBJECT_ATTRIBUTES) {
    const value = fields[field];
    if (value === undefined || value === "") continue;
    if (kind === "printable" && !PRINTABLE.test(value)) throw new RangeError(`${field} must be a PrintableString`);
    if (field === "C" && !/^[A-Z]{2}$/.test(value)) throw new RangeError("C must be an ISO 3166 alpha-2 code");
    yield [value, oid, kind];
  }
}

/** The subject's Name DER, byte for byte what serialising subjectToAsnName gives, without the object tree. */
export function subjectToDer(fields: SubjectFields): Buffer {
  const rdns: Buffer[] = [];
  for (const [value, type, kind] of present(fields)) {
    const encoded = kind === "printable" ? tlv(0x13, Buffer.from(value, "latin1")) : tlv(0x0c, Buffer.from(value));
    rdns.push(set(sequence(oid(type), encoded)));
  }
  return sequence(...rdns);
}

/** The subject as an ASN.1 Name, one attribute per RDN, in SUBJECT_ATTRIBUTES order. */
export function subjectToAsnName(fields: SubjectFields): Name {
  const rdns: RelativeDistinguishedName[] = [];
  for (const [value, type, kind] of present(fields)) {
    const attributeValue = new AttributeValue(
      kind === "printable" ? { printableString: value } : { utf8String: value },
    );
    rdns.push(new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: attributeValue })]));
  }
  return new Name(rdns);
}

export function subjectToName(fields: SubjectFields): x509.Name {
  return new x509.Name(subjectToAsnName(fields));
}

export function subjectFromName(name: x509.Name): SubjectFields {
  const fields: SubjectFields = {};
  for (const [field, oid] of SUBJECT_ATTRIBUTES) {
    const value = name.getField(oid)[0];
    if (value !== undefined) fields[field] = value;
  }
  return fields;
}
