/** A settable time source, as the simulated clock would be. */
export function manualTime(start = Date.parse("2030-01-01T00:00:00Z")) {
  let now = start;
  return {
    nowMs: () => now,
    set(ms: number) {
      now = ms;
    },
  };
}

export const api = (base: string) => ({
  send: async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected loosely in tests
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as any };
  },
});
