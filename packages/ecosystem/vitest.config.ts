import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "ecosystem", include: ["test/**/*.test.ts"] },
});
