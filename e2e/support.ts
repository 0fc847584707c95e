/**
 * Browser tests' stack: the real server (buildServer, serving the built web app from dist/web)
 * on an in-memory PGlite database with the demo practice, plus two sessions that have already
 * taken place (so there is something to confirm), and Debian's Chromium driven by
 * playwright-core. Each test saves a screenshot under test-results/.
 */
import "../test/support/env.js";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { findChromium } from "./browser.js";
import { SYSTEM } from "../src/app/actor.js";
import { loadDemo } from "../src/app/demo.js";
import { scheduleSession } from "../src/app/sessions.js";
import { buildServer, WEB_DIR } from "../src/http/server.js";
import { loadReference } from "../src/reference/catalogue.js";
import { connect, migrate } from "../src/store/db.js";
import { createStore } from "../src/store/store.js";

export const CHROMIUM = findChromium() ?? "/usr/bin/chromium";
export const PASSWORD = "stateline-demo";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const RESULTS = `${ROOT}test-results`;

export interface Stack {
  readonly url: string;
  readonly browser: Browser;
  /** A new page (its own cookies) at a viewport size; desktop unless said. */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** `npm test` builds first; a lone `vitest run e2e` builds the web app if it is missing. */
function ensureWebBuilt(): void {
  if (existsSync(`${WEB_DIR}/index.html`)) return;
  execFileSync(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, "build", "--logLevel", "warn"], {
    cwd: ROOT,
    stdio: "inherit",
  });
}

/** Yesterday at `hourUtc`, as an instant. */
function yesterdayAt(hourUtc: number): Date {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - 1);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d;
}

export async function startStack(): Promise<Stack> {
  ensureWebBuilt();
  const db = await connect({ dataDir: "memory" });
  await migrate(db);
  const store = createStore(db.kysely);
  const geo = loadReference();
  const today = new Date().toISOString().slice(0, 10);
  const accounts = await store.transaction((tx) => loadDemo(tx, geo, today));
  if (accounts.length === 0) throw new Error("demo data did not load");

  // The demo has Jordan's session yesterday (BlueCard from the dorm) and one in three days. Add
  // Alex Kim's yesterday (Cigna) to confirm, and another of Jordan's ahead for the client's view.
  const clients = await store.clients.list(null);
  const byName = (name: string) => {
    const c = clients.find((x) => x.name === name);
    if (!c) throw new Error(`no demo client ${name}`);
    return c;
  };
  const ahead = (days: number) => new Date(yesterdayAt(15).getTime() + (days + 1) * 86_400_000);
  for (const [name, at] of [
    ["Alex Kim", yesterdayAt(17)],
    ["Jordan Lee", ahead(12)],
  ] as const) {
    await scheduleSession(
      store,
      SYSTEM,
      {
        clientId: byName(name).id,
        startsAt: at.toISOString(),
        timeZone: "America/New_York",
        durationMinutes: 53,
        modality: "telehealth",
        cptCode: "90837",
        crisis: false,
        practiceLocationId: null,
      },
      new Date(Math.min(Date.now(), at.getTime() - 86_400_000)),
    );
  }

  const app = await buildServer({ store, geo });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  mkdirSync(RESULTS, { recursive: true });

  return {
    url,
    browser,
    async page(viewport = { width: 1360, height: 900 }) {
      const context = await browser.newContext({ viewport, baseURL: url, locale: "en-US" });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      // Any script error fails loudly rather than leaving a blank screen to puzzle over.
      page.on("pageerror", (e) => {
        console.error(`browser error: ${e.message}`);
      });
      return page;
    },
    async close() {
      await browser.close();
      await app.close();
      await db.close();
    },
  };
}

export async function signIn(page: Page, who: string): Promise<void> {
  await page.goto("/");
  await page.getByLabel("Email").fill(`${who}@stateline.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** Saves test-results/<name>.png of the whole page (or only the window, for very long pages). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  const path = `${RESULTS}/${name}.png`;
  await page.screenshot({ path, fullPage });
  return path;
}
