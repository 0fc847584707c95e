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
import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { expect } from "vitest";
import { findChromium } from "./browser.js";
import { SYSTEM } from "../src/app/actor.js";
import { loadDemo } from "../src/app/demo.js";
import { confirmSession, scheduleSession } from "../src/app/sessions.js";
import type { Claim } from "../src/app/sessions-model.js";
import { buildServer, WEB_DIR } from "../src/http/server.js";
import { loadReference } from "../src/reference/catalogue.js";
import { connect, migrate } from "../src/store/db.js";
import { createStore } from "../src/store/store.js";
import type { Store } from "../src/app/ports.js";
import type { Geography } from "../src/rules/geography.js";
import type { Clearinghouse } from "../src/app/clearinghouse-port.js";

export const CHROMIUM = findChromium() ?? "/usr/bin/chromium";
export const PASSWORD = "stateline-demo";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const RESULTS = `${ROOT}test-results`;

export interface Stack {
  readonly url: string;
  readonly browser: Browser;
  /** The stack's store and reference data, for a test that seeds more than the demo. */
  readonly store: Store;
  readonly geo: Geography;
  /** A new page (its own cookies) at a viewport size; desktop unless said. */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * `npm test` builds first; a lone `vitest run e2e` builds the web app if it is missing. As
 * production builds it: Vite takes React's development build whenever NODE_ENV is not
 * "production", and vitest sets it to "test" (a 774 KB bundle instead of 468 KB, and a Claims
 * page 0.3 s slower to open at scale).
 */
function ensureWebBuilt(): void {
  if (existsSync(`${WEB_DIR}/index.html`)) return;
  execFileSync(
    process.execPath,
    [`${ROOT}node_modules/vite/bin/vite.js`, "build", "--mode", "production", "--logLevel", "warn"],
    { cwd: ROOT, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } },
  );
}

/** Yesterday at `hourUtc`, as an instant. */
function yesterdayAt(hourUtc: number): Date {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - 1);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d;
}

/** A 53-minute video session (90837) at `startsAt` (New York time), booked at `bookedAt`. */
function bookVideoSession(store: Store, geo: Geography, clientId: string, startsAt: Date, bookedAt: Date) {
  return scheduleSession(
    store,
    SYSTEM,
    {
      clientId,
      startsAt: startsAt.toISOString(),
      timeZone: "America/New_York",
      durationMinutes: 53,
      modality: "telehealth",
      cptCode: "90837",
      crisis: false,
      practiceLocationId: null,
    },
    bookedAt,
    geo,
  );
}

/**
 * A video session that took place at `startsAt`, booked two days before and confirmed an hour
 * after it began with the client at `confirmFrom`: its claim.
 */
export async function pastVideoSession(
  store: Store,
  geo: Geography,
  clientId: string,
  startsAt: Date,
  confirmFrom: { readonly clientLocationId: string | null },
): Promise<Claim> {
  const session = await bookVideoSession(
    store,
    geo,
    clientId,
    startsAt,
    new Date(startsAt.getTime() - 2 * 86_400_000),
  );
  const { claim } = await confirmSession(
    store,
    geo,
    SYSTEM,
    session.id,
    confirmFrom,
    new Date(startsAt.getTime() + 3_600_000),
  );
  return claim;
}

/** `clearinghouse`: the connector the server uses (none by default). */
export async function startStack(options: { clearinghouse?: Clearinghouse } = {}): Promise<Stack> {
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
    await bookVideoSession(
      store,
      geo,
      byName(name).id,
      at,
      new Date(Math.min(Date.now(), at.getTime() - 86_400_000)),
    );
  }

  const app = await buildServer({ store, geo, clearinghouse: options.clearinghouse });
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
    store,
    geo,
    async page(viewport = { width: 1360, height: 900 }) {
      const context = await browser.newContext({
        viewport,
        baseURL: url,
        locale: "en-US",
        // The clock the demo and these tests count days by (UTC): in New York's evening the
        // browser's "today" would otherwise be a day behind theirs.
        timezoneId: "UTC",
        hasTouch: viewport.width < 600,
      });
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
  // At phone width "Sign out" is in the menu, behind the "Menu" button.
  await page
    .getByRole("button", { name: /^(Sign out|Menu)$/ })
    .first()
    .waitFor();
}

/** A day counted from today (UTC, as the demo data counts), as YYYY-MM-DD. */
export const inDays = (days: number): string =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** "Dec 22": a day as the app names it in short (en-US, this year). */
export const shortDay = (iso: string): string =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString("en-US", {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });

/** "Dec 22, 2026". */
export const longDay = (iso: string): string =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString("en-US", {
    month: "short",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  });

/** No sideways scrolling: the page is no wider than the window. */
export async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const scrollWidth = await page.evaluate<number>("document.documentElement.scrollWidth");
  const width = await page.evaluate<number>("window.innerWidth");
  expect(scrollWidth, `scroll width of ${where}`).toBeLessThanOrEqual(width);
}

/** The app shell's own requests on every page (who is signed in, the payer names, the alerts). */
export const SHELL_REQUESTS = ["GET /me", "GET /payers", "GET /alerts"];

/**
 * The requests a page makes on load beyond the shell's, in order; and the shell's, each asserted
 * made at most once.
 */
export async function pageRequestsOnLoad(page: Page, path: string): Promise<string[]> {
  const all = await apiRequestsOnLoad(page, path);
  for (const r of SHELL_REQUESTS)
    expect(
      all.filter((x) => x === r).length,
      `${r} on loading ${path}: ${all.join(", ")}`,
    ).toBeLessThanOrEqual(1);
  return all.filter((r) => !SHELL_REQUESTS.includes(r));
}

/** Saves test-results/<name>.png of the whole page (or only the window, for very long pages). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  const path = `${RESULTS}/${name}.png`;
  await page.screenshot({ path, fullPage });
  return path;
}

/** The two widths every screen is checked at: a laptop and a phone. */
export const WIDTHS = [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
] as const;

/**
 * Saves test-results/<name>-1366.png and <name>-390.png: the page as it is, at laptop and phone
 * width (the viewport is put back afterwards), when STATELINE_SCREENSHOTS=1.
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  // Pictures for people reviewing a change; the assertions never read them. Off in `npm test`
  // unless asked for (STATELINE_SCREENSHOTS=1): a full-page capture at two widths is seconds.
  if (process.env.STATELINE_SCREENSHOTS !== "1") return;
  const before = page.viewportSize();
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `${RESULTS}/${name}-${size.width}.png`, fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

/**
 * axe-core on the page as it stands (WCAG 2.1 A and AA rules): no serious or critical
 * violation, asserted, with each one named in the failure.
 */
/** The parts of the page's document `expectAccessible` reads. */
interface PageDocument {
  querySelector(selector: string): unknown;
  getAnimations(): {
    readonly playState: string;
    readonly effect: { getTiming(): { readonly iterations?: number } } | null;
  }[];
}

export async function expectAccessible(page: Page, where: string): Promise<void> {
  // Judged as people see it once it settles: while a part is busy (a preview re-checking) it is
  // dimmed on purpose, and mid-fade a dialog's text has a fraction of its contrast.
  // (This file is compiled without the DOM's types: the little it reads is typed here.)
  await page.waitForFunction(() => {
    const doc = (globalThis as unknown as { document: PageDocument }).document;
    return (
      doc.querySelector('[aria-busy="true"]') === null &&
      doc
        .getAnimations()
        .every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity)
    );
  });
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const bad = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad, `axe on ${where}`).toEqual([]);
}

/**
 * The API requests a page makes while it loads: navigates to `path` and waits until the network
 * has been idle, then answers each /api/v1 request as "METHOD /path?query".
 */
export async function apiRequestsOnLoad(page: Page, path: string): Promise<string[]> {
  const seen: string[] = [];
  const onRequest = (r: { url(): string; method(): string }) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith("/api/v1/")) seen.push(`${r.method()} ${u.pathname.slice(7)}${u.search}`);
  };
  page.on("request", onRequest);
  try {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  } finally {
    page.off("request", onRequest);
  }
  return seen;
}

/** After a failed test: test-results/FAILED-<test name>.png of the page, to see what was on screen. */
export async function screenshotIfFailed(
  page: Page | undefined,
  task: { name: string; result?: { state?: string } },
): Promise<void> {
  if (!page || task.result?.state !== "fail" || page.isClosed()) return;
  const name = task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60);
  await page.screenshot({ path: `${RESULTS}/FAILED-${name}.png`, fullPage: true }).catch(() => undefined);
}

/** Whether the element has the keyboard focus. */
export async function isFocused(element: Locator): Promise<boolean> {
  // No DOM types in the tests' build: the element as far as this check needs it.
  return element.evaluate(
    (el: { readonly ownerDocument: { readonly activeElement: unknown } }) =>
      el === el.ownerDocument.activeElement,
  );
}
