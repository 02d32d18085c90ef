// Run configuration from the environment (k6 run -e NAME=value, or the shell's environment).

/**
 * A string setting.
 * @param {string} name
 * @param {string} fallback
 * @returns {string}
 */
export function env(name, fallback) {
  const value = __ENV[name];
  return value === undefined || value === "" ? fallback : value;
}

/**
 * A numeric setting; a value that is not a number stops the run at once.
 * @param {string} name
 * @param {number} fallback
 * @returns {number}
 */
export function envNumber(name, fallback) {
  const raw = __ENV[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name}=${raw} is not a number`);
  return value;
}

/** @param {string} url */
export const trimSlash = (url) => url.replace(/\/+$/, "");
