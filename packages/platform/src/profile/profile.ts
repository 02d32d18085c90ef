// PAID-3 "My Profile": organisations and administrators the customer keeps for applications. Each entry is
// reviewed by the vendor (pending → approved / rejected); only an approved entry can fill an application, and new
// data sends it back to review. Applications copy the entry, so a later change or deletion leaves them as they were.
import { ApiError } from "@certsim/service";
import { randomAlphanumeric } from "../accounts/api-keys";
import type {
  AccountRecord,
  OrganizationInfo,
  PersonInfo,
  PlatformStore,
  ProfileEntry,
  ProfileKind,
  ReviewState,
} from "../store/types";
import { formatVendorTime } from "../time";

const PREFIX: Record<ProfileKind, string> = { organization: "org-", admin: "adm-" };
const ID_FIELD: Record<ProfileKind, string> = { organization: "OrganizationId", admin: "AdminId" };
const WORD: Record<ProfileKind, string> = { organization: "organisation", admin: "administrator" };

const notFound = (kind: ProfileKind, id: string) =>
  new ApiError(404, "FailedOperation.ProfileNotFound", `no ${WORD[kind]} ${JSON.stringify(id.slice(0, 40))}`, {
    field: ID_FIELD[kind],
  });

export class Profile {
  constructor(
    private readonly store: PlatformStore,
    private readonly now: () => Date,
  ) {}

  async create(account: AccountRecord, kind: ProfileKind, data: OrganizationInfo | PersonInfo): Promise<ProfileEntry> {
    const at = this.now();
    const entry: ProfileEntry = {
      id: `${PREFIX[kind]}${randomAlphanumeric(10)}`,
      accountId: account.id,
      kind,
      data,
      reviewState: "pending",
      reviewNote: null,
      createdAt: at,
      updatedAt: at,
    };
    await this.store.createProfileEntry(entry);
    return entry;
  }

  list(account: AccountRecord, kind: ProfileKind, page: { offset: number; limit: number }) {
    return this.store.listProfileEntries(account.id, kind, page);
  }

  /** The account's entry (another account's is 404, never 403). */
  async get(account: AccountRecord, kind: ProfileKind, id: string): Promise<ProfileEntry> {
    const entry = await this.store.getProfileEntry(id);
    if (!entry || entry.accountId !== account.id || entry.kind !== kind) throw notFound(kind, id);
    return entry;
  }

  async update(
    account: AccountRecord,
    kind: ProfileKind,
    id: string,
    data: OrganizationInfo | PersonInfo,
  ): Promise<ProfileEntry> {
    await this.get(account, kind, id);
    return (await this.store.updateProfileEntry(id, data, this.now())) ?? Promise.reject(notFound(kind, id));
  }

  async remove(account: AccountRecord, kind: ProfileKind, id: string): Promise<void> {
    await this.get(account, kind, id);
    await this.store.deleteProfileEntry(id);
  }

  /** The vendor's review of an entry (the admin route simulates it). */
  async review(kind: ProfileKind, id: string, result: Exclude<ReviewState, "pending">, note: string | null) {
    const entry = await this.store.getProfileEntry(id);
    if (!entry || entry.kind !== kind) throw notFound(kind, id);
    return (await this.store.reviewProfileEntry(id, result, note, this.now()))!;
  }

  /** PAID-3: an entry used for an application must be the account's own and approved. */
  async approved<K extends ProfileKind>(
    account: AccountRecord,
    kind: K,
    id: string,
  ): Promise<K extends "organization" ? OrganizationInfo : PersonInfo> {
    const entry = await this.get(account, kind, id);
    if (entry.reviewState !== "approved") {
      throw new ApiError(
        400,
        "FailedOperation.ProfileNotApproved",
        `${WORD[kind]} ${id} is ${entry.reviewState === "pending" ? "still under review" : "rejected"}: only a reviewed entry can be used`,
        { field: ID_FIELD[kind], rule: "PAID-3" },
      );
    }
    return entry.data as K extends "organization" ? OrganizationInfo : PersonInfo;
  }
}

export function presentOrganization(info: OrganizationInfo) {
  return {
    Name: info.name,
    Division: info.division,
    Country: info.country,
    Province: info.province,
    City: info.city,
    Address: info.address,
    Phone: info.phone,
    RegistrationNumber: info.registrationNumber,
  };
}

export function presentPerson(info: PersonInfo) {
  return { Name: info.name, Position: info.position, Phone: info.phone, Email: info.email };
}

export function presentEntry(entry: ProfileEntry) {
  return {
    [ID_FIELD[entry.kind]]: entry.id,
    ...(entry.kind === "organization"
      ? presentOrganization(entry.data as OrganizationInfo)
      : presentPerson(entry.data as PersonInfo)),
    ReviewState: entry.reviewState,
    ReviewNote: entry.reviewNote,
    CreateTime: formatVendorTime(entry.createdAt),
    UpdateTime: formatVendorTime(entry.updatedAt),
  };
}
