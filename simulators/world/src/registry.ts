import { ApiError, badRequest, type Db, notFound } from "@certsim/service";
import {
  type ClaimedOrganisation,
  compareOrganisation,
  ORGANISATION_STATUSES,
  type Organisation,
  type OrganisationComparison,
  type OrganisationStatus,
  organisationNameKey,
  registrationNumberKey,
} from "./organisation";
import { parsePhoneNumber } from "./phoneNumber";
import { parseRegistrationNumber } from "./registrationNumber";
import { isoTime, parseIsoTime, systemTime, type TimeSource } from "./time";

export interface OrganisationInput {
  name: string;
  registrationNumber: string;
  address: string;
  city: string;
  province?: string | null;
  /** ISO 3166-1 alpha-2; CN unless given. */
  country?: string;
  phone: string;
  legalRepresentative?: string | null;
  /** `active` unless given. */
  status?: OrganisationStatus;
  /** ISO 8601 date or date-time; the time source's now unless given. */
  registeredAt?: string;
}

/**
 * Fields to change; absent ones stay, `null` clears an optional one. The registration number identifies the
 * organisation and cannot change: when given it must be the one already registered.
 */
export type OrganisationChanges = Partial<OrganisationInput>;

export interface OrganisationQuery {
  /** Names containing this (compared as `organisationNameKey` forms, ASCII case ignored). */
  name?: string;
  registrationNumber?: string;
}

interface OrganisationRow {
  registration_number: string;
  name: string;
  address: string;
  city: string;
  province: string | null;
  country: string;
  phone: string;
  legal_representative: string | null;
  status: OrganisationStatus;
  registered_at: number;
}

const LIMITS = { name: 200, address: 500, city: 100, province: 100, legalRepresentative: 100 } as const;

/**
 * The business registry: the simulated national enterprise credit registry a CA's reviewer checks an applicant
 * against (OV-5) and finds the registered phone in (OV-3). Names are unique in their compared form, so two
 * organisations can never be told apart only by width or spacing.
 */
export class BusinessRegistry {
  constructor(
    private readonly db: Db,
    private readonly time: TimeSource = systemTime,
  ) {}

  register(input: OrganisationInput): Organisation {
    const org = this.validate({
      name: input.name,
      registrationNumber: parseRegistrationNumber(input.registrationNumber),
      address: input.address,
      city: input.city,
      province: input.province ?? null,
      country: input.country ?? "CN",
      phone: input.phone,
      legalRepresentative: input.legalRepresentative ?? null,
      status: input.status ?? "active",
      registeredAt: input.registeredAt ?? isoTime(this.time.nowMs()),
    });
    return this.db.transaction(() => {
      if (this.row(org.registrationNumber)) {
        throw new ApiError(
          409,
          "ResourceInUse.RegistrationNumber",
          `registrationNumber: ${org.registrationNumber} is already registered`,
          { field: "registrationNumber" },
        );
      }
      this.ensureNameFree(org.name, org.registrationNumber);
      this.db
        .prepare(
          `INSERT INTO organisations (registration_number, name, name_key, address, city, province, country, phone,
             legal_representative, status, registered_at)
           VALUES (@registrationNumber, @name, @nameKey, @address, @city, @province, @country, @phone,
             @legalRepresentative, @status, @registeredAtMs)`,
        )
        .run(toParams(org));
      return this.get(org.registrationNumber);
    })();
  }

  update(registrationNumber: string, changes: OrganisationChanges): Organisation {
    const key = parseRegistrationNumber(registrationNumber);
    if (changes.registrationNumber !== undefined && parseRegistrationNumber(changes.registrationNumber) !== key) {
      throw badRequest(
        "InvalidParameter.RegistrationNumberImmutable",
        "registrationNumber: cannot change; remove the organisation and register it again",
        { field: "registrationNumber" },
      );
    }
    return this.db.transaction(() => {
      const current = this.get(key);
      const org = this.validate({ ...current, ...definedOnly(changes), registrationNumber: key });
      this.ensureNameFree(org.name, key);
      this.db
        .prepare(
          `UPDATE organisations SET name = @name, name_key = @nameKey, address = @address, city = @city,
             province = @province, country = @country, phone = @phone, legal_representative = @legalRepresentative,
             status = @status, registered_at = @registeredAtMs
           WHERE registration_number = @registrationNumber`,
        )
        .run(toParams(org));
      return this.get(key);
    })();
  }

  get(registrationNumber: string): Organisation {
    const key = parseRegistrationNumber(registrationNumber);
    const row = this.row(key);
    if (!row) throw notFound(`organisation ${key}`);
    return toOrganisation(row);
  }

  /** Organisations matching every given criterion (all of them when none is), by name. */
  search(query: OrganisationQuery = {}): Organisation[] {
    const where: string[] = [];
    const params: string[] = [];
    if (query.registrationNumber !== undefined) {
      where.push("registration_number = ?");
      params.push(parseRegistrationNumber(query.registrationNumber));
    }
    if (query.name !== undefined) {
      const name = organisationNameKey(query.name);
      if (name.length === 0 || name.length > LIMITS.name) {
        throw badRequest("InvalidParameter", `name: 1 to ${LIMITS.name} characters, not only spaces`, {
          field: "name",
        });
      }
      where.push("name_key LIKE ? ESCAPE '\\'");
      params.push(`%${name.replace(/[\\%_]/g, "\\$&")}%`);
    }
    const sql = `SELECT * FROM organisations ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY name_key`;
    return (this.db.prepare(sql).all(...params) as OrganisationRow[]).map(toOrganisation);
  }

  remove(registrationNumber: string): void {
    const key = parseRegistrationNumber(registrationNumber);
    if (this.db.prepare("DELETE FROM organisations WHERE registration_number = ?").run(key).changes === 0) {
      throw notFound(`organisation ${key}`);
    }
  }

  /**
   * OV-5 as a reviewer does it: finds the organisation by the claimed registration number — or, when nothing is
   * registered under it, by the claimed name (then the number is the mismatch) — and compares. When neither finds
   * one, both name and registrationNumber fail with an empty registered value. Claims are not validated beyond
   * being strings: a malformed one is simply a mismatch.
   */
  verify(claimed: ClaimedOrganisation): OrganisationComparison {
    const byNumber = this.row(registrationNumberKey(claimed.registrationNumber));
    const row =
      byNumber ??
      (this.db.prepare("SELECT * FROM organisations WHERE name_key = ?").get(organisationNameKey(claimed.name)) as
        | OrganisationRow
        | undefined);
    if (row) return compareOrganisation(toOrganisation(row), claimed);
    return {
      ok: false,
      mismatches: [
        { field: "name", registered: "", claimed: claimed.name },
        { field: "registrationNumber", registered: "", claimed: claimed.registrationNumber },
      ],
    };
  }

  private row(registrationNumber: string): OrganisationRow | undefined {
    return this.db.prepare("SELECT * FROM organisations WHERE registration_number = ?").get(registrationNumber) as
      | OrganisationRow
      | undefined;
  }

  private ensureNameFree(name: string, registrationNumber: string) {
    const holder = this.db
      .prepare("SELECT registration_number FROM organisations WHERE name_key = ? AND registration_number <> ?")
      .get(organisationNameKey(name), registrationNumber) as { registration_number: string } | undefined;
    if (holder) {
      throw new ApiError(
        409,
        "ResourceInUse.OrganisationName",
        `name: '${name}' is already registered (as ${holder.registration_number})`,
        { field: "name" },
      );
    }
  }

  /** Checks and tidies every field but the registration number (parsed by the caller). */
  private validate(org: Organisation): Organisation & { registeredAtMs: number } {
    const status = org.status;
    if (!ORGANISATION_STATUSES.includes(status)) {
      throw badRequest("InvalidParameter", "status: must be active, revoked or cancelled", { field: "status" });
    }
    const country = String(org.country).trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) {
      throw badRequest("InvalidParameter", "country: an ISO 3166-1 alpha-2 code such as CN", { field: "country" });
    }
    const registeredAtMs = parseIsoTime(org.registeredAt, "registeredAt");
    return {
      name: text(org.name, "name", LIMITS.name),
      registrationNumber: org.registrationNumber,
      address: text(org.address, "address", LIMITS.address),
      city: text(org.city, "city", LIMITS.city),
      province: org.province === null ? null : text(org.province, "province", LIMITS.province),
      country,
      phone: parsePhoneNumber(org.phone, "phone"),
      legalRepresentative:
        org.legalRepresentative === null
          ? null
          : text(org.legalRepresentative, "legalRepresentative", LIMITS.legalRepresentative),
      status,
      registeredAt: isoTime(registeredAtMs),
      registeredAtMs,
    };
  }
}

/** One line of text, trimmed: 1 to `max` characters, no control characters. */
function text(value: string, field: string, max: number): string {
  const trimmed = typeof value === "string" ? value.trim() : "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (trimmed.length < 1 || trimmed.length > max || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw badRequest("InvalidParameter", `${field}: 1 to ${max} characters on one line`, { field });
  }
  return trimmed;
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const toParams = (org: Organisation & { registeredAtMs: number }) => ({
  registrationNumber: org.registrationNumber,
  name: org.name,
  nameKey: organisationNameKey(org.name),
  address: org.address,
  city: org.city,
  province: org.province,
  country: org.country,
  phone: org.phone,
  legalRepresentative: org.legalRepresentative,
  status: org.status,
  registeredAtMs: org.registeredAtMs,
});

const toOrganisation = (r: OrganisationRow): Organisation => ({
  name: r.name,
  registrationNumber: r.registration_number,
  address: r.address,
  city: r.city,
  province: r.province,
  country: r.country,
  phone: r.phone,
  legalRepresentative: r.legal_representative,
  status: r.status,
  registeredAt: isoTime(r.registered_at),
});
