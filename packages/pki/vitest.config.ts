import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "pki", include: ["test/**/*.test.ts"] },
});
