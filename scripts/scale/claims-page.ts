/**
 * The operations Claims page in a real browser at scale (issue 15: "the ops Claims page loads in
 * under a second"): Debian's Chromium, driven by playwright-core, signed in as the bench's
 * operations user, on the bench server. Two ways a clerk reaches it, each timed by the page's own
 * clock (`performance.now()`, from the navigation's start) until the queue's first page of claims
 * is drawn (the frame after the rows are in the document):
 * - opened: `/claims` typed or bookmarked, the app starting (its script cached after the first
 *   load, reported apart);
 * - from the menu: the app running, "Claims queue" chosen on another page.
 * Playwright waits on a CSS selector, not a role: its role selectors walk the accessibility tree
 * at every poll, which on a long table costs the page more time than drawing it.
 */
import { chromium, type Page } from "playwright-core";
import { findChromium } from "../../e2e/browser.js";
import { SESSION_COOKIE } from "../../src/http/context.js";
import type { BenchServer } from "./server.js";

export interface PageLoads {
  /** Opened, nothing cached: ms from navigation to the claims drawn. */
  readonly first: number;
  /** Opened again (script cached), sorted. */
  readonly opened: readonly number[];
  /** Chosen in the menu of the running app, sorted. */
  readonly fromMenu: readonly number[];
  /** Claims on the first page. */
  readonly rows: number;
}

const CLAIM_ROWS = "tr[data-claim]";

/** The page's clock once the frame after the claims came into the document is drawn. */
async function drawnAt(page: Page): Promise<number> {
  await page.locator(CLAIM_ROWS).last().waitFor({ state: "attached", timeout: 30_000 });
  return page.evaluate<number>(
    "new Promise((done) => requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0)))",
  );
}

/** Undefined when no Chromium is installed (the row is then left out, and the log says so). */
export async function claimsPageLoads(server: BenchServer, loads = 8): Promise<PageLoads | undefined> {
  const executablePath = findChromium();
  if (!executablePath) return undefined;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1366, height: 900 } });
    const token = (server.headers.authorization ?? "").replace(/^Bearer /, "");
    await context.addCookies([{ name: SESSION_COOKIE, value: token, url: base }]);
    const opened: number[] = [];
    const fromMenu: number[] = [];
    let rows = 0;
    for (let i = 0; i <= loads; i++) {
      const page = await context.newPage();
      await page.goto("/claims");
      opened.push(await drawnAt(page));
      rows = await page.locator(CLAIM_ROWS).count();
      await page.getByRole("link", { name: "Payers & BCBS map" }).first().click();
      await page.locator(CLAIM_ROWS).first().waitFor({ state: "detached" });
      const t0 = await page.evaluate<number>("performance.now()");
      await page.getByRole("link", { name: "Claims queue" }).first().click();
      fromMenu.push((await drawnAt(page)) - t0);
      await page.close();
    }
    const [first = NaN, ...again] = opened;
    const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
    return { first, opened: sorted(again), fromMenu: sorted(fromMenu), rows };
  } finally {
    await browser.close();
  }
}
