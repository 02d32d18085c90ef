import { defineConfig } from "vitest/config";

// One run over every workspace that has tests; each workspace keeps its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ["packages/*", "simulators/*", "scenarios", "load"],
  },
});
