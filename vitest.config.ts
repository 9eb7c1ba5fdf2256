import { defineConfig } from "vitest/config";

// The JSON report is what `.ci/run` reads to print its closing `N passed, N failed` line.
// The TypeScript version matrix (test/typescript/) installs several compilers from the registry
// and takes a minute: it has its own configuration, `npm run test:typescript`, which `.ci/run`
// runs after `npm test`.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/typescript/**", "**/node_modules/**"],
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
