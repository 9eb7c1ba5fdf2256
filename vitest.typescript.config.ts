import { defineConfig } from "vitest/config";

// `npm run test:typescript`: the generated package against the TypeScript versions it supports
// (see test/typescript/matrix.test.ts). Its report sits beside the main suite's for `.ci/run`.
export default defineConfig({
  test: {
    include: ["test/typescript/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: "test-results/typescript.json" }]],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: "forks",
  },
});
