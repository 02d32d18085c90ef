/**
 * The part of the simulated clock the DNS server uses. Declared here so the server runs without a clock too (then
 * record changes apply at once and history uses wall time).
 */
export interface Scheduler {
  nowMs(): number;
  scheduleIn(delayMs: number, label: string, handler: () => void): unknown;
}
