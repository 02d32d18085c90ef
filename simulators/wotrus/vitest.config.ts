import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "wotrus", include: ["test/**/*.test.ts"] },
});
