import { record } from "./runtime";

class Metric {
  constructor(readonly name: string) {}
  add(value: number | boolean, tags: Record<string, string> = {}) {
    record(this.name, typeof value === "boolean" ? (value ? 1 : 0) : value, tags);
  }
}
export class Counter extends Metric {}
export class Rate extends Metric {}
export class Trend extends Metric {}
export class Gauge extends Metric {}
