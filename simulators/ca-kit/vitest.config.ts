import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "ca-kit", include: ["test/**/*.test.ts"] },
});
