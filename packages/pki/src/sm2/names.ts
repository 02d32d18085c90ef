/** Distinguished names and subjectAltName entries of SM2 requests and certificates. */
import { isIP } from "node:net";
import {
  AttributeTypeAndValue,
  AttributeValue,
  GeneralName,
  Name,
  RelativeDistinguishedName,
} from "@peculiar/asn1-x509";
import { Sm2Error } from "./errors";
import { OID } from "./oids";

/** Subject fields by their short names; the order of the keys here is the order in the DN. */
export interface Sm2Subject {
  C?: string;
  ST?: string;
  L?: string;
  O?: string;
  OU?: string;
  CN?: string;
}

const ATTRIBUTE_OIDS: Record<keyof Sm2Subject, string> = {
  C: OID.country,
  ST: OID.state,
  L: OID.locality,
  O: OID.organization,
  OU: OID.organizationalUnit,
  CN: OID.commonName,
};

const SHORT_NAMES = new Map<string, string>(Object.entries(ATTRIBUTE_OIDS).map(([k, v]) => [v, k]));

/** An X.501 Name with one attribute per RDN; C is a PrintableString, the rest UTF8String. */
export function buildName(subject: Sm2Subject, rule = "CSR-2"): Name {
  const rdns: RelativeDistinguishedName[] = [];
  for (const key of Object.keys(ATTRIBUTE_OIDS) as (keyof Sm2Subject)[]) {
    const value = subject[key];
    if (value === undefined || value === "") continue;
    if (key === "C" && !/^[A-Z]{2}$/.test(value)) {
      throw new Sm2Error("INPUT_INVALID", "country must be a two-letter code", rule);
    }
    const attr = new AttributeValue(key === "C" ? { printableString: value } : { utf8String: value });
    rdns.push(new RelativeDistinguishedName([new AttributeTypeAndValue({ type: ATTRIBUTE_OIDS[key], value: attr })]));
  }
  return new Name(rdns);
}

/** A Name as `{ CN: "…", O: "…" }`; unknown attributes are keyed by their OID, the first value wins. */
export function readName(name: Name): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rdn of name) {
    for (const atv of rdn) {
      const key = SHORT_NAMES.get(atv.type) ?? atv.type;
      if (!(key in out)) out[key] = atv.value.toString();
    }
  }
  return out;
}

/** SAN entries: IP literals as iPAddress, everything else as dNSName. */
export function toGeneralNames(names: readonly string[]): GeneralName[] {
  return names.map((n) => (isIP(n) ? new GeneralName({ iPAddress: n }) : new GeneralName({ dNSName: n })));
}

export function fromGeneralNames(names: readonly GeneralName[]): string[] {
  const out: string[] = [];
  for (const g of names) {
    if (g.dNSName !== undefined) out.push(g.dNSName);
    else if (g.iPAddress !== undefined) out.push(g.iPAddress);
  }
  return out;
}
