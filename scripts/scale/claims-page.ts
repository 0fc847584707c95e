/**
 * The operations Claims page in a real browser at scale (issue 15: "the ops Claims page loads in
 * under a second"): Debian's Chromium, driven by playwright-core, signed in as the bench's
 * operations user, on the bench server. Two ways a clerk reaches it, each timed by the page's own
 * clock (`performance.now()`, from the navigation's start) until the queue's first page of claims
 * is drawn (the frame after the rows are in the document):
 * - opened: `/claims` typed or bookmarked in a new tab, the app starting (the first load with
 *   nothing cached is reported apart);
 * - from the menu: the app running, "Claims queue" chosen on another page.
 *
 * The browser is a clerk's browser, not a test's:
 * - A profile of its own on disk (a temporary directory), as a person's browser has. Chromium
 *   keeps V8's compiled code for a site's scripts beside its HTTP cache there; an incognito-like
 *   context (Playwright's `newContext`) keeps none, so every tab compiles the app again. Measured
 *   on the demo data: 0.8–1.0 s a tab without the profile, 0.55–0.7 s with it.
 * - Nothing of Playwright's runs in the page while it opens. The page records when the claims are
 *   drawn itself (an observer added before the app's script, `addInitScript`), and Playwright
 *   reads the figure afterwards. Waiting on a locator instead injects Playwright's selector
 *   engine (about 40 ms of script on this machine's page thread) and polls the page while it
 *   draws, which a clerk's browser does not do.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { findChromium } from "../../e2e/browser.js";
import { SESSION_COOKIE } from "../../src/http/context.js";
import type { BenchServer } from "./server.js";

export interface PageLoads {
  /** Opened, nothing cached: ms from navigation to the claims drawn. */
  readonly first: number;
  /** Opened again in a new tab (script and its compiled code cached), sorted. */
  readonly opened: readonly number[];
  /** Chosen in the menu of the running app, sorted. */
  readonly fromMenu: readonly number[];
  /** Claims on the first page. */
  readonly rows: number;
}

const CLAIM_ROWS = "tr[data-claim]";

/**
 * Runs in the page before its own scripts: each time claims rows come into the document (after
 * none were), the page's clock at the frame after is pushed to `window.__claimsDrawn`.
 */
const RECORD_DRAWN = `(() => {
  const drawn = (window.__claimsDrawn = []);
  let shown = false;
  new MutationObserver(() => {
    const now = document.querySelector(${JSON.stringify(CLAIM_ROWS)}) !== null;
    if (now && !shown) requestAnimationFrame(() => setTimeout(() => drawn.push(performance.now()), 0));
    shown = now;
  }).observe(document, { childList: true, subtree: true });
})()`;

/**
 * The page's global object as the recording script leaves it (this file is type-checked without
 * the DOM). The functions below run in the page: Playwright sends their text, so they name
 * nothing of this module.
 */
type Recorded = { __claimsDrawn?: number[] };

/** The page's clock when the claims were drawn for the `nth` time (1-based), once they are. */
async function drawnAt(page: Page, nth: number): Promise<number> {
  await page.waitForFunction((n) => ((globalThis as Recorded).__claimsDrawn ?? []).length >= n, nth, {
    timeout: 30_000,
    polling: 250,
  });
  return page.evaluate((n) => (globalThis as Recorded).__claimsDrawn?.[n - 1] ?? NaN, nth);
}

/** Undefined when no Chromium is installed (the row is then left out, and the log says so). */
export async function claimsPageLoads(server: BenchServer, loads = 8): Promise<PageLoads | undefined> {
  const executablePath = findChromium();
  if (!executablePath) return undefined;
  const base = `http://127.0.0.1:${server.port}`;
  const profile = await mkdtemp(join(tmpdir(), "stateline-bench-browser-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: ["--no-sandbox", "--disable-gpu"],
    baseURL: base,
    viewport: { width: 1366, height: 900 },
  });
  try {
    const token = (server.headers.authorization ?? "").replace(/^Bearer /, "");
    await context.addCookies([{ name: SESSION_COOKIE, value: token, url: base }]);
    await context.addInitScript(RECORD_DRAWN);
    const opened: number[] = [];
    const fromMenu: number[] = [];
    let rows = 0;
    for (let i = 0; i <= loads; i++) {
      const page = await context.newPage();
      await page.goto("/claims", { waitUntil: "commit" });
      opened.push(await drawnAt(page, 1));
      rows = await page.locator(CLAIM_ROWS).count();
      await page.getByRole("link", { name: "Payers & BCBS map" }).first().click();
      await page.locator(CLAIM_ROWS).first().waitFor({ state: "detached" });
      const t0 = await page.evaluate(() => performance.now());
      await page.getByRole("link", { name: "Claims queue" }).first().click();
      fromMenu.push((await drawnAt(page, 2)) - t0);
      await page.close();
    }
    const [first = NaN, ...again] = opened;
    const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
    return { first, opened: sorted(again), fromMenu: sorted(fromMenu), rows };
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
