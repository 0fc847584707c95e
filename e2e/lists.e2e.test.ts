/**
 * Long lists in the browser: the API answers a page at a time (clients 100 unless asked, at most
 * 200), and the web app never shows one page as if it were the whole list. A provider with more
 * clients than a page sees every one of them, counted right; operations see the newest
 * claims first, told that more follow, and "Show 100 more claims" adds the next page until the
 * queue ends.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/app/auth.js";
import { SYSTEM } from "../src/app/actor.js";
import { createClient } from "../src/app/clients.js";
import { addProvider } from "../src/app/providers.js";
import {
  expectAccessible,
  expectNoSidewaysScroll,
  PASSWORD,
  pastVideoSession,
  screenshot,
  screenshotIfFailed,
  signIn,
  startStack,
  type Stack,
} from "./support.js";

const DAY = 86_400_000;
/** More than one page of the Clients list as the app reads it (200, the largest). */
const CLIENTS = 236;
/** More than two pages of the claims queue (100 each). */
const CLAIMS = 212;

const FIRST = ["Avery", "Jordan", "Riley", "Morgan", "Casey", "Quinn", "Rowan", "Sasha"];
const LAST = ["Okafor", "Nguyen", "García", "Schmidt", "O'Brien", "Kowalski", "Haddad", "Lindqvist"];

describe("long lists in the browser", { timeout: 120_000 }, () => {
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    const { store, geo } = stack;
    // A provider of their own with a large caseload, every client at home in New York on Aetna.
    const { provider } = await addProvider(store, SYSTEM, {
      firstName: "Dana",
      lastName: "Whitfield",
      credentials: "LCSW",
      npi: "1679576722",
      taxonomy: "1041C0700X",
    });
    await createUser(store, {
      email: "dana@stateline.test",
      password: PASSWORD,
      role: "provider",
      providerId: provider.id,
    });
    for (let i = 0; i < CLIENTS; i++)
      await createClient(store, geo, SYSTEM, {
        providerId: provider.id,
        // The last one last by name whatever the collation: on the second page.
        name:
          i === CLIENTS - 1
            ? "Zoe Young"
            : `${FIRST[i % FIRST.length] ?? ""} ${LAST[Math.floor(i / FIRST.length) % LAST.length] ?? ""} ${i + 1}`,
        birthDate: "1990-04-12",
        coverage: {
          payer: "aetna",
          memberId: `W${String(100_000 + i)}`,
          bluecard: null,
          product: null,
          effectiveFrom: "2025-01-01",
          effectiveTo: null,
        },
        location: null,
      });

    // Claims for the queue: Alex Kim's weekly sessions of the demo (Cigna, billable from home),
    // confirmed; spread over the last months, a few an afternoon.
    const alex = (await store.clients.list(null)).find((c) => c.name === "Alex Kim");
    if (!alex) throw new Error("no demo client Alex Kim");
    const home = (await store.clients.locations(alex.id)).find((l) => l.kind === "home");
    const existing = (await store.claims.page({ limit: 1000 })).items.length;
    for (let i = existing; i < CLAIMS; i++) {
      const startsAt = new Date(Date.now() - (3 + Math.floor(i / 4)) * DAY);
      startsAt.setUTCHours(13 + (i % 4), 0, 0, 0);
      await pastVideoSession(store, geo, alex.id, startsAt, { clientLocationId: home?.id ?? null });
    }
  }, 300_000);

  afterEach(async ({ task }) => {
    await screenshotIfFailed(page, task);
    await page.context().close();
  });
  afterAll(async () => {
    await stack.close();
  });

  it("shows a provider every client, past the first page of the list", async () => {
    page = await stack.page();
    const clientPages: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/v1/clients") clientPages.push(r.url());
    });
    await signIn(page, "dana");
    await page.goto("/clients");
    const rows = page.getByRole("table", { name: "Your clients" }).locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(CLIENTS);
    await expect
      .poll(() => page.getByText(`${CLIENTS} clients.`, { exact: false }).count())
      .toBeGreaterThan(0);
    // The last client by name is there: the second page was read, not dropped.
    await expect.poll(() => page.getByRole("link", { name: "Zoe Young", exact: true }).count()).toBe(1);
    // Two pages along the cursor: the second asks for what the first's X-Next-Cursor named.
    expect(clientPages.length).toBeGreaterThanOrEqual(2);
    expect(new URL(clientPages.at(-1) ?? "").searchParams.get("cursor")).not.toBeNull();
  });

  it("shows operations the newest claims a page at a time, and more on request until the queue ends", async () => {
    page = await stack.page();
    await signIn(page, "ops");
    await page.goto("/claims");
    const queue = page.getByRole("table", { name: "Claims queue" }).locator("tbody tr");
    await expect.poll(() => queue.count()).toBe(100);
    await expect.poll(() => page.getByText("The newest 100 claims; more follow.").count()).toBe(1);
    const more = page.getByRole("button", { name: "Show 100 more claims" });
    await more.click();
    await expect.poll(() => queue.count()).toBe(200);
    await expect.poll(() => page.getByText("The newest 200 claims; more follow.").count()).toBe(1);
    // Each page goes on after the ones shown: no claim twice.
    const ids = await page.evaluate<string[]>(
      `[...document.querySelectorAll("tr[data-claim]")].map((r) => r.getAttribute("data-claim"))`,
    );
    expect(new Set(ids).size).toBe(200);
    await more.click();
    await expect.poll(() => queue.count()).toBe(CLAIMS);
    await expect.poll(() => page.getByText(`${CLAIMS} claims`, { exact: true }).count()).toBe(1);
    expect(await more.count()).toBe(0);
    // A filter starts again from its own first page.
    await page.getByLabel("Status").selectOption("pending");
    await expect.poll(() => queue.count()).toBe(100);
  });

  it("at phone width: the queue's count and its Show more button fit, and the page passes axe", async () => {
    page = await stack.page({ width: 390, height: 844 });
    await signIn(page, "ops");
    await page.goto("/claims");
    const more = page.getByRole("button", { name: "Show 100 more claims" });
    await more.waitFor();
    await expectNoSidewaysScroll(page, "the claims queue at 390 px");
    await expectAccessible(page, "the claims queue at 390 px");
    await more.scrollIntoViewIfNeeded();
    await screenshot(page, "ops-claims-queue-more-390", false);
  });
});
