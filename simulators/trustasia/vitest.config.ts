import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "trustasia", include: ["test/**/*.test.ts"] },
});
