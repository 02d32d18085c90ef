// The parent's handle on a benchmark server process (bench/server.ts) and its measurements.
import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { LOAD_DIR } from "../src/paths";
import type { FromServer, ToServer } from "./server";

export type Measured = Extract<FromServer, { type: "measured" }>;

export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly endpoints: unknown,
    readonly resellerKeys: Record<string, string> | undefined,
  ) {}

  /** Starts `bench/server.ts <mode> [arg]`; with BENCH_CPU_PROF=<dir> it profiles each phase it measures. */
  static start(mode: "ecosystem" | "world" | "platform" | "bare", arg?: string): Promise<ServerProcess> {
    if (process.env.BENCH_CPU_PROF) mkdirSync(process.env.BENCH_CPU_PROF, { recursive: true });
    const child = fork(join(LOAD_DIR, "bench/server.ts"), [mode, ...(arg === undefined ? [] : [arg])], {
      cwd: LOAD_DIR,
      execArgv: ["--import", "tsx"],
      env: { ...process.env, CERTSIM_LOG_ERRORS: process.env.CERTSIM_LOG_ERRORS ?? "0" },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    return new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`the ${mode} server exited (${code}) before it was ready`)));
      child.once("message", (message: FromServer) => {
        if (message.type !== "ready") return reject(new Error(`unexpected first message ${message.type}`));
        child.removeAllListeners("exit");
        resolve(new ServerProcess(child, message.url, message.endpoints, message.resellerKeys));
      });
    });
  }

  private ask<A extends FromServer = Measured>(message: ToServer): Promise<A> {
    return new Promise((resolve) => {
      this.child.once("message", (answer: FromServer) => resolve(answer as A));
      this.child.send(message);
    });
  }

  /** Starts a measurement window (event-loop delay, CPU time; the CPU profile named `phase`). */
  async mark(phase?: string): Promise<void> {
    await this.ask({ type: "mark", phase });
  }

  /** What the server measured since the last mark. */
  measure(): Promise<Measured> {
    return this.ask({ type: "measure" });
  }

  /** Moves the server's own simulated clock (the platform process of the split layout). */
  async advance(ms: number): Promise<void> {
    await this.ask({ type: "advance", ms });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.send({ type: "stop" } satisfies ToServer);
    });
  }
}
