import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "dcv", include: ["test/**/*.test.ts"] },
});
