import { record, state } from "./runtime";

export function check<T>(value: T, sets: Record<string, (v: T) => boolean>, tags: Record<string, string> = {}) {
  let all = true;
  for (const [name, test] of Object.entries(sets)) {
    const ok = Boolean(test(value));
    record("checks", ok ? 1 : 0, { check: name, ...tags });
    all &&= ok;
  }
  return all;
}

export function group<T>(_name: string, fn: () => T): T {
  return fn();
}

/** No real waiting: tests never sleep on real time. */
export function sleep(_seconds: number) {}

export function fail(message?: string): never {
  state.failed.push(message ?? "fail()");
  throw new Error(message);
}
