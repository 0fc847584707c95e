import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "e2e/**/*.e2e.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Cheaper password hashing in tests only (production: 2^15).
    env: { STATELINE_SCRYPT_LOG_N: "10" },
  },
});
