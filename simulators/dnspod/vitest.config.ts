import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "dnspod", include: ["test/**/*.test.ts"] },
});
