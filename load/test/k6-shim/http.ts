import { exchange, state } from "./runtime";

type Params = { headers?: Record<string, string>; tags?: Record<string, string>; responseCallback?: unknown };

export function expectedStatuses(...statuses: (number | { min: number; max: number })[]) {
  return (status: number) =>
    statuses.some((s) => (typeof s === "number" ? s === status : status >= s.min && status <= s.max));
}

export function setResponseCallback(callback: (status: number) => boolean) {
  state.responseCallback = callback;
}

export const get = (url: string, params?: Params) => exchange("GET", url, undefined, params);
export const post = (url: string, body?: string, params?: Params) => exchange("POST", url, body ?? "", params);
export function batch(requests: { method: string; url: string; body?: string; params?: Params }[]) {
  return requests.map((r) => exchange(r.method, r.url, r.body, r.params));
}

export default { get, post, batch, expectedStatuses, setResponseCallback };
