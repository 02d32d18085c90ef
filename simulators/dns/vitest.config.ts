import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "dns", include: ["test/**/*.test.ts"] },
});
