import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The load workspace's folder. */
export const LOAD_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Where seed files go unless told otherwise (git-ignored). */
export const SEED_DIR = join(LOAD_DIR, ".seed");

/**
 * A path the user typed, made absolute against the folder they typed it in: pnpm runs workspace scripts inside the
 * workspace, and keeps the caller's folder in INIT_CWD.
 */
export function userPath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** The k6 binary: $K6 when set, else the first `k6` on PATH. */
export function findK6(): string | undefined {
  if (process.env.K6) return existsSync(process.env.K6) ? process.env.K6 : undefined;
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (!dir) continue;
    const candidate = join(dir, "k6");
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
