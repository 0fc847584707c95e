/**
 * Test tiers as vitest projects, which `npm test` runs together:
 * - unit: pure code (the engine, reference data, formats, web logic) — `npm run test:unit`;
 * - int: against databases (PGlite, and a PostgreSQL server) and the built CLI — `npm run test:int`;
 * - e2e: the web app in Chromium — `npm run test:e2e`.
 * Without a Chromium on the machine the browser tier is left out with one line saying how to
 * install one; CI sets STATELINE_REQUIRE_BROWSER=1, which makes a missing browser a failure.
 */
import { defineConfig } from "vitest/config";
import { findChromium } from "./e2e/browser.js";

const browser = findChromium();
const requireBrowser = process.env.STATELINE_REQUIRE_BROWSER === "1";
if (!browser && requireBrowser)
  throw new Error("STATELINE_REQUIRE_BROWSER=1 but no Chromium was found (apt-get install -y chromium)");
if (!browser)
  console.warn(
    "Browser tests skipped: no Chromium found (set CHROMIUM_PATH, or install one: apt-get install -y chromium).",
  );

const shared = {
  pool: "forks" as const,
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // Cheaper password hashing in tests only (production: 2^15).
  env: { STATELINE_SCRYPT_LOG_N: "10" },
};

export default defineConfig({
  test: {
    globalSetup: ["./test/support/global-setup.ts"],
    // Both cores: the suite is mostly waiting on databases and the browser, not computing.
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: "unit",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "test/contract/**"],
        },
      },
      {
        test: {
          ...shared,
          name: "int",
          include: ["test/**/*.int.test.ts", "test/contract/**/*.test.ts"],
          // Every answer of the HTTP tests is checked against its route's response schema
          // (src/http/response-check.ts): a mismatch is a 500 naming the field.
          env: { ...shared.env, STATELINE_CHECK_RESPONSES: "1" },
        },
      },
      ...(browser
        ? [
            {
              test: {
                ...shared,
                name: "e2e",
                include: ["e2e/**/*.e2e.test.ts"],
                env: { ...shared.env, CHROMIUM_PATH: browser },
              },
            },
          ]
        : []),
    ],
  },
});
