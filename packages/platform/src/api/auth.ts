// Who is calling: a customer with an API key (`Authorization: Bearer <ApiKey>`) on /v1, the operator with the
// admin token (`X-Admin-Token`) on /admin. Codes follow the vendor's AuthFailure family.
import { ApiError } from "@certsim/service";
import type { NextFunction, Request, Response } from "express";
import { hashSecret, parseApiKey, secretMatches, tokensEqual } from "../accounts/api-keys";
import type { AccountRecord, PlatformStore } from "../store/types";

const unauthorized = (code: string, message: string) => new ApiError(401, code, message, { field: "Authorization" });

// Compared against when the key ID is unknown, so both paths do the same work.
const DUMMY_HASH = hashSecret("certsim-dummy-secret");

export function customerAuth(store: PlatformStore) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get("authorization");
    if (!header) throw unauthorized("AuthFailure.InvalidAuthorization", "the Authorization header is missing");
    const match = /^Bearer +(\S+)$/i.exec(header.trim());
    if (!match) throw unauthorized("AuthFailure.InvalidAuthorization", "use Authorization: Bearer <ApiKey>");
    const presented = parseApiKey(match[1]!);
    if (!presented) throw unauthorized("AuthFailure.SecretIdNotFound", "the API key does not exist");
    const key = await store.findApiKey(presented.keyId);
    const matches = secretMatches(presented.secret, key?.secretHash ?? DUMMY_HASH);
    if (!key) throw unauthorized("AuthFailure.SecretIdNotFound", "the API key does not exist");
    if (!matches) throw unauthorized("AuthFailure.SignatureFailure", "the API key's secret is wrong");
    const account = await store.getAccount(key.accountId);
    if (!account) throw unauthorized("AuthFailure.SecretIdNotFound", "the API key does not exist");
    res.locals.account = account;
    next();
  };
}

export function adminAuth(adminToken: string) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const presented = req.get("x-admin-token");
    if (!presented)
      throw new ApiError(401, "AuthFailure.InvalidAuthorization", "the X-Admin-Token header is missing", {
        field: "X-Admin-Token",
      });
    if (!tokensEqual(presented, adminToken)) {
      throw new ApiError(401, "AuthFailure.SignatureFailure", "the admin token is wrong", { field: "X-Admin-Token" });
    }
    next();
  };
}

export function accountOf(res: Response): AccountRecord {
  const account = res.locals.account as AccountRecord | undefined;
  if (!account) throw new ApiError(401, "AuthFailure.InvalidAuthorization", "not authenticated");
  return account;
}
