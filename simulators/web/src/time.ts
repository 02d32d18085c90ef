/**
 * Where the web host reads the time for its request history. The simulated clock (`@certsim/clock`) satisfies it;
 * without one the host uses the machine's clock.
 */
export interface TimeSource {
  nowMs(): number;
}

export const systemTime: TimeSource = { nowMs: () => Date.now() };
