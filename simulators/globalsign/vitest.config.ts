import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "globalsign", include: ["test/**/*.test.ts"] },
});
