// Runs the real `openssl` binary on files in a per-suite temporary folder.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface OpensslResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export class Workdir {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "certsim-pki-"));

  /** Writes `content` to `name` and returns the absolute path. */
  write(name: string, content: string | Uint8Array): string {
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, content);
    return file;
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export function openssl(args: string[], input?: string | Uint8Array): OpensslResult {
  const result = spawnSync("openssl", args, { input, encoding: "utf8", timeout: 30_000 });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** Seconds since the epoch, for `openssl verify -attime` on simulated dates. */
export function epochSeconds(date: Date): string {
  return String(Math.floor(date.getTime() / 1000));
}
