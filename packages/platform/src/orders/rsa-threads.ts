// CSR-1 online RSA keys, made on threads of their own at a lower CPU priority than the event loop. An RSA key
// takes 0.3 s (2048) to several seconds (4096) of a core; on libuv's pool it would hold threads that ECC keys and
// signatures need, and on a machine with few cores it would take CPU time from the event loop, whose every turn
// then takes longer (event-loop delay). Here each RSA size has one thread, niced: when the cores are busy the
// event loop goes first, when they are idle RSA takes them. The keys come back as KeyObjects (cloned across
// threads, never encoded and parsed), so the CSR and the wrapping parse nothing.
import type { KeyObject } from "node:crypto";
import { Worker } from "node:worker_threads";
import { type KeyPairPem, keyPairFromKeyObjects } from "@certsim/pki";

/** The thread's program: plain JavaScript (no loader), one key at a time. */
const PROGRAM = `
const { parentPort, workerData } = require("node:worker_threads");
const crypto = require("node:crypto");
const os = require("node:os");
// On Linux a thread has its own nice value, and setPriority(0, …) sets the calling thread's.
try { os.setPriority(0, workerData.nice); } catch {}
parentPort.on("message", ({ id, bits }) => {
  try {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: 65537 });
    parentPort.postMessage({ id, privateKey, publicKey });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

type Answer = { id: number; privateKey: KeyObject; publicKey: KeyObject } | { id: number; error: string };

interface Pending {
  resolve(pair: KeyPairPem): void;
  reject(error: unknown): void;
}

class RsaThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 0;

  constructor(nice: number, onExit: () => void) {
    this.#worker = new Worker(PROGRAM, { eval: true, workerData: { nice }, execArgv: [] });
    this.#worker.unref(); // a thread waiting for work keeps no process alive
    this.#worker.on("message", (answer: Answer) => {
      const pending = this.#pending.get(answer.id);
      this.#pending.delete(answer.id);
      if (this.#pending.size === 0) this.#worker.unref();
      if (!pending) return;
      if ("error" in answer) pending.reject(new Error(`RSA key generation failed: ${answer.error}`));
      else pending.resolve(keyPairFromKeyObjects(answer.privateKey, answer.publicKey, "RSA"));
    });
    const fail = (error: unknown) => {
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      onExit();
    };
    this.#worker.on("error", fail);
    this.#worker.on("exit", () => fail(new Error("the RSA key thread stopped")));
  }

  generate(bits: number): Promise<KeyPairPem> {
    const id = this.#next++;
    return new Promise<KeyPairPem>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.ref(); // work in progress: the process waits for it
      this.#worker.postMessage({ id, bits });
    });
  }

  async stop(): Promise<void> {
    await this.#worker.terminate();
  }
}

export class RsaKeyThreads {
  readonly #threads = new Map<number, RsaThread>();
  #closed = false;

  /** `nice`: the threads' nice value (Linux: 0 as the event loop … 19 lowest); ignored where not allowed. */
  constructor(private readonly nice: number) {}

  /** A fresh RSA key pair of `bits`, made on that size's thread (started on first use). */
  generate(bits: number): Promise<KeyPairPem> {
    if (this.#closed) return Promise.reject(new Error("the RSA key threads are closed"));
    let thread = this.#threads.get(bits);
    if (!thread) {
      thread = new RsaThread(this.nice, () => this.#threads.delete(bits));
      this.#threads.set(bits, thread);
    }
    return thread.generate(bits);
  }

  /** Stops the threads; keys still being made are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    const threads = [...this.#threads.values()];
    this.#threads.clear();
    await Promise.all(threads.map((thread) => thread.stop()));
  }
}
