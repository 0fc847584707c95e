/**
 * (b) A client in the browser: signs in, adds a trip with its dates (a bad date range is refused
 * next to the field), learns at once which upcoming session the trip puts at risk, and sees in
 * plain words whether each session can go ahead from there. axe on every page; screenshots at
 * 1366 and 390; at phone width the menu folds behind a button.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  expectAccessible,
  expectNoSidewaysScroll,
  inDays,
  isFocused,
  pageRequestsOnLoad,
  screenshot,
  screenshotIfFailed,
  screenshots,
  signIn,
  startStack,
  type Stack,
} from "./support.js";

describe("client", { timeout: 60_000 }, () => {
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    page = await stack.page({ width: 1366, height: 900 });
  });
  afterAll(async () => stack.close());
  afterEach(async ({ task }) => screenshotIfFailed(page, task));

  const nav = (name: string) =>
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

  it("sees their upcoming sessions can go ahead from the dorm", async () => {
    await signIn(page, "jordan");
    await page.getByRole("heading", { name: "My locations", level: 1 }).waitFor();
    expect(await page.title()).toBe("My locations — Stateline");
    await nav("My sessions").click();
    await page.getByText("Yes, it can go ahead.").first().waitFor();
    expect(await page.title()).toBe("My sessions — Stateline");
    await expectAccessible(page, "My sessions");
    // The page asks the API once for the sessions, beyond who is signed in.
    const requests = await pageRequestsOnLoad(page, "/sessions");
    expect(requests.length).toBeLessThanOrEqual(3);
    for (const r of requests) expect(r).not.toMatch(/^GET \/clients\?date=/);
  });

  it("(b) adds a trip, and learns which session it puts at risk", async () => {
    await nav("My locations").click();
    await page.getByRole("button", { name: "Add a place" }).click();
    const form = page.getByRole("region", { name: "Add a place" });
    expect(await form.getByLabel("What kind of place").inputValue()).toBe("temporary");
    await form.getByLabel("From").fill(inDays(5));
    await form.getByLabel("Until").fill(inDays(1));
    await form.getByLabel("Name for this place (optional)").fill("Long weekend");
    await form.getByLabel("City").fill("Miami Beach");
    await form.getByLabel("State").selectOption("FL");
    await form.getByLabel("ZIP code").fill("33139");
    await form.getByRole("button", { name: "Save location" }).click();
    // The API's error, next to the field it names, which gets the focus.
    const until = form.locator(".field", { has: page.getByLabel("Until") });
    await until
      .getByRole("alert")
      .filter({ hasText: /ends .* before it starts/ })
      .waitFor();
    expect(await isFocused(form.getByLabel("Until"))).toBe(true);
    await expectAccessible(page, "the new-place form with an error");
    await screenshot(page, "client-trip-error");

    // Over the session in three days.
    await form.getByLabel("From").fill(inDays(2));
    await form.getByLabel("Until").fill(inDays(4));
    await form.getByRole("button", { name: "Save location" }).click();
    const notice = page.getByRole("status").filter({ hasText: /Your trip to Florida from/ });
    await notice.waitFor();
    await notice.getByText("This puts 1 upcoming session at risk:").waitFor();
    const atRisk = notice.getByRole("list", { name: "Sessions at risk" });
    expect(await atRisk.getByRole("link").count()).toBe(1);
    expect(await atRisk.textContent()).toMatch(/Florida/);
    const trip = page.locator("li.location", { hasText: "Long weekend" });
    expect(await trip.textContent()).toContain("Miami Beach, FL 33139");
    await expectAccessible(page, "My locations after adding a trip");
    await screenshots(page, "b-client-trip-at-risk");

    await page.getByRole("link", { name: "See whether your sessions can go ahead" }).click();
    const card = page.locator(".session-card", { hasText: "Not from where you will be." });
    await card.first().waitFor();
    expect(await card.first().textContent()).toMatch(/Your provider is not licensed in Florida/);
    await expectAccessible(page, "My sessions with one at risk");
    await screenshots(page, "b-client-sessions");
  });

  it("at phone width: the menu behind a button with their name, no sideways scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const menu = page.getByRole("button", { name: "Menu" });
      expect(await menu.getAttribute("aria-expanded")).toBe("false");
      await menu.click();
      expect(await menu.getAttribute("aria-expanded")).toBe("true");
      await page.getByRole("navigation", { name: "Main" }).getByText("Signed in as").waitFor();
      await nav("My locations").click();
      expect(await menu.getAttribute("aria-expanded")).toBe("false");
      await page.locator("li.location").first().waitFor();
      await expectNoSidewaysScroll(page, "My locations at 390 px");
      await expectAccessible(page, "My locations at 390 px");
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });
});
