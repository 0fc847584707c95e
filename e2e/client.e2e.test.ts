/**
 * A client in the browser: signs in, adds a trip with its dates (a bad date range is refused next
 * to the field), and sees in plain words whether each upcoming session can go ahead from there.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot, signIn, startStack, type Stack } from "./support.js";

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe("client", { timeout: 60_000 }, () => {
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    page = await stack.page({ width: 1100, height: 860 });
  });
  afterAll(async () => stack.close());

  it("sees their upcoming sessions can go ahead from the dorm", async () => {
    await signIn(page, "jordan");
    await page.getByRole("heading", { name: "My locations", level: 1 }).waitFor();
    await page.getByRole("link", { name: "My sessions" }).click();
    await page.getByText("Yes, it can go ahead.").first().waitFor();
  });

  it("adds a trip, and learns which session it puts at risk", async () => {
    await page.getByRole("link", { name: "My locations" }).click();
    await page.getByRole("button", { name: "Add a place" }).click();
    const form = page.getByRole("region", { name: "Add a place" });
    expect(await form.getByLabel("What kind of place").inputValue()).toBe("temporary");
    await form.getByLabel("From").fill(inDays(5));
    await form.getByLabel("Until").fill(inDays(1));
    await form.getByLabel("Name for this place (optional)").fill("Spring break");
    await form.getByLabel("City").fill("Miami Beach");
    await form.getByLabel("State").selectOption("FL");
    await form.getByLabel("ZIP code").fill("33139");
    await form.getByRole("button", { name: "Save location" }).click();
    // The API's error, next to the field it names.
    const until = form.locator(".field", { has: page.getByLabel("Until") });
    await until
      .getByRole("alert")
      .filter({ hasText: /ends .* before it starts/ })
      .waitFor();
    await screenshot(page, "client-trip-error");

    await form.getByLabel("From").fill(inDays(1));
    await form.getByLabel("Until").fill(inDays(6));
    await form.getByRole("button", { name: "Save location" }).click();
    await page.getByText(/Your trip to Florida from/).waitFor();
    const trip = page.locator("li.location", { hasText: "Spring break" });
    expect(await trip.textContent()).toContain("Miami Beach, FL 33139");
    await screenshot(page, "client-trip-added");

    await page.getByRole("link", { name: "See whether your sessions can go ahead" }).click();
    const atRisk = page.locator(".session-card", { hasText: "Not from where you will be." });
    await atRisk.first().waitFor();
    expect(await atRisk.first().textContent()).toMatch(/Your provider is not licensed in Florida/);
    await screenshot(page, "client-sessions");
  });
});
