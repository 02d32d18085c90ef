import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

const shim = (file: string) => fileURLToPath(new URL(`./test/k6-shim/${file}`, import.meta.url));

export default defineProject({
  // The k6 scripts import k6's modules; under vitest they get the small stand-ins in test/k6-shim.
  resolve: {
    alias: [
      { find: /^k6$/, replacement: shim("k6.ts") },
      { find: /^k6\/http$/, replacement: shim("http.ts") },
      { find: /^k6\/metrics$/, replacement: shim("metrics.ts") },
      { find: /^k6\/execution$/, replacement: shim("execution.ts") },
    ],
  },
  test: { name: "load", include: ["test/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 120_000 },
});
