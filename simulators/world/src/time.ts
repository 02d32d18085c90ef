/**
 * Where the world reads the time it stamps on mail, texts and calls. The simulated clock (`@certsim/clock`)
 * satisfies it; without one the machine's clock is used.
 */
export interface TimeSource {
  nowMs(): number;
}

export const systemTime: TimeSource = { nowMs: () => Date.now() };

export const isoTime = (ms: number) => new Date(ms).toISOString();
