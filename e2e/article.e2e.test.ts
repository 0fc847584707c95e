/**
 * The help article's tasks for a provider, in Chromium: (h) BlueCard and the virtual network on
 * the Billing method and its map, (c) a state with two places that disagree and a future date,
 * (a) a trip added from the Clients list with the session it puts at risk, (g) a move with its
 * at-risk list, and ending and deleting locations. Also: how many API requests each main page
 * makes on load. axe runs on every page and dialog; each task saves screenshots at 1366 and 390.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  expectAccessible,
  inDays,
  isFocused,
  longDay,
  pageRequestsOnLoad,
  screenshotIfFailed,
  screenshots,
  shortDay,
  signIn,
  startStack,
  type Stack,
} from "./support.js";

describe("the help article's tasks, as a provider", { timeout: 60_000 }, () => {
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    page = await stack.page({ width: 1366, height: 900 });
    await signIn(page, "maya");
  });
  afterAll(async () => stack.close());
  afterEach(async ({ task }) => screenshotIfFailed(page, task));

  const openClient = async (name: string) => {
    await page.goto("/clients");
    await page.getByRole("link", { name, exact: true }).click();
    await page.getByRole("heading", { name, level: 1 }).waitFor();
    await page.locator("path.map__state").first().waitFor();
  };

  it("(h) BlueCard and virtual network: Priya in Dallas, Jordan at college, on the boxes and the map", async () => {
    await openClient("Priya Patel");
    expect(await page.title()).toBe("Priya Patel — Stateline");
    // A BCBS Massachusetts member in Texas: Maya's virtual-network credential with BCBS MA.
    const tx = page.locator('article.box[data-state="TX"]');
    expect(await tx.getAttribute("data-route")).toBe("virtual_network");
    expect(await tx.locator(".box__sentence").textContent()).toMatch(/virtual network/i);
    expect(await tx.textContent()).toContain("Blue Cross Blue Shield of Massachusetts");
    expect(await tx.locator('li[data-place="home"]').textContent()).toMatch(/Dallas, TX 75201/);
    // In person at the Manhattan office: BlueCard through the local plan.
    const ny = page.locator('article.box[data-state="NY"]');
    expect(await ny.getAttribute("data-route")).toBe("bluecard");
    expect(await ny.locator('li[data-place="practice"]').textContent()).toMatch(/Midtown office/);
    expect(await page.locator(".map__labels text").allTextContents()).toEqual(
      expect.arrayContaining(["TX ◎", "NY ↗"]),
    );
    const legend = (await page.locator(".map__legend").textContent()) ?? "";
    expect(legend).toMatch(/Virtual network: TX/);
    expect(legend).toMatch(/BlueCard: NY/);
    expect(await page.locator('path.map__state[data-state="TX"]').getAttribute("aria-label")).toMatch(
      /^Texas: .*virtual network/i,
    );
    await expectAccessible(page, "Priya Patel's page");
    await screenshots(page, "h-virtual-network");

    // Jordan: BlueCard via Anthem from the dorm; New York is split (Rochester is Excellus's).
    await openClient("Jordan Lee");
    const nyPath = page.locator('path.map__state[data-state="NY"]');
    const name = (await nyPath.getAttribute("aria-label")) ?? "";
    expect(name).toMatch(/^New York: depends on where: /);
    expect(name).toMatch(/Dorm, Columbia \(by video\) — BlueCard via Anthem/);
    expect(name).toMatch(/Spring break, Rochester \(by video\) — not possible/);
    expect(await page.locator(".map__labels text").allTextContents()).toEqual(
      expect.arrayContaining(["NY ↗/✕", "NC ✕"]),
    );
    expect(await page.locator(".map__legend").textContent()).toMatch(
      /Split, depends on where \(BlueCard \/ Not possible\): NY/,
    );
    // Focusing the state on the map points at its box.
    await page.getByText("Click or hover over a state (or tab to it) to see its box.").waitFor();
    await nyPath.focus();
    await page.locator('article.box--active[data-state="NY"]').waitFor();
    expect(await page.locator(".map__active").textContent()).toMatch(/New York: depends on where/);
    await expectAccessible(page, "Jordan Lee's page");
    await screenshots(page, "h-bluecard-split-map");
  });

  it("(c) Billing method: two places in New York with their own answers, and a future date", async () => {
    // Jordan's page is open. One box for New York, however many places it has.
    const ny = page.locator('article.box[data-state="NY"]');
    expect(await ny.count()).toBe(1);
    expect(await ny.getAttribute("data-agree")).toBe("false");
    const sentence = (await ny.locator(".box__sentence").textContent()) ?? "";
    expect(sentence).toMatch(/^In New York it depends on where: /);
    expect(sentence).toMatch(/Dorm, Columbia \(by video\) — BlueCard via Anthem/);
    expect(sentence).toMatch(/Spring break, Rochester \(by video\) — not possible/);
    // Each answer is a group named by its places.
    const dorm = ny.getByRole("group", { name: /Dorm, Columbia/ });
    expect(await dorm.textContent()).toMatch(/BlueCard via Anthem/);
    expect(await dorm.locator('li[data-place="virtual_session"]').textContent()).toMatch(/10027/);
    const rochester = ny.getByRole("group", { name: /Spring break, Rochester/ });
    const rochesterText = (await rochester.textContent()) ?? "";
    expect(rochesterText).toMatch(/Not possible/);
    expect(rochesterText).toMatch(/Excellus/);
    expect(rochesterText).toMatch(/What would fix it/);
    expect(await rochester.locator('li[data-place="temporary"]').textContent()).toMatch(
      /Rochester, NY 14607 · Trip .* · judged for .*\(the trip's first day\)/,
    );

    // The day: by default the next session (in three days), with quick picks for the trip.
    const picker = page.getByRole("group", { name: "Pick the day" });
    const day = picker.getByLabel("Can I see them on…");
    expect(await day.inputValue()).toBe(inDays(3));
    await picker.getByText(`Their next session is on ${longDay(inDays(3))}`).waitFor();
    const quick = picker.getByRole("group", { name: "Quick picks" });
    expect(await quick.getByRole("button", { name: "Today" }).getAttribute("aria-pressed")).toBe("false");
    expect(
      await quick
        .getByRole("button", { name: `Next session, ${shortDay(inDays(3))}` })
        .getAttribute("aria-pressed"),
    ).toBe("true");
    const trip = quick.getByRole("button", { name: `Spring break, Rochester, ${shortDay(inDays(18))}` });
    await trip.click();
    await page.waitForURL(new RegExp(`\\?date=${inDays(18)}$`));
    expect(await trip.getAttribute("aria-pressed")).toBe("true");
    expect(await day.inputValue()).toBe(inDays(18));
    await page
      .getByRole("group", {
        name: `Map of the billing method by state for Jordan Lee on ${longDay(inDays(18))}`,
      })
      .waitFor();
    // On the trip's first day, Rochester is still refused and the dorm still BlueCard.
    expect(await ny.getByRole("group", { name: /Spring break, Rochester/ }).textContent()).toMatch(
      /Not possible/,
    );
    expect(await ny.getByRole("group", { name: /Dorm, Columbia/ }).textContent()).toMatch(
      /BlueCard via Anthem/,
    );
    await expectAccessible(page, "Billing method on the trip's first day");
    await screenshots(page, "c-billing-method-two-places");

    // The address with its date opens on that date.
    await page.reload();
    await page
      .getByRole("group", {
        name: `Map of the billing method by state for Jordan Lee on ${longDay(inDays(18))}`,
      })
      .waitFor();
    expect(await page.getByLabel("Can I see them on…").inputValue()).toBe(inDays(18));
  });

  it("(a) adds a trip from the Clients list, and learns which session it puts at risk", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clients" }).click();
    await page.getByRole("heading", { name: "Clients", level: 1 }).waitFor();
    await page.locator("tr", { hasText: "Jordan Lee" }).waitFor();
    await expectAccessible(page, "the Clients list");
    await page.getByRole("button", { name: "New location for Jordan Lee" }).click();
    const dialog = page.getByRole("dialog", { name: "New location for Jordan Lee" });
    await dialog.getByLabel("What kind of place").selectOption("temporary");
    await dialog.getByLabel("From").fill(inDays(11));
    await dialog.getByLabel("Until").fill(inDays(13));
    await dialog.getByLabel("Name for this place (optional)").fill("Weekend in Philadelphia");
    await dialog.getByLabel("City").fill("Philadelphia");
    await dialog.getByLabel("State").selectOption("PA");
    // A ZIP from another state is refused next to the field, and the field gets the focus.
    const zip = dialog.getByLabel("ZIP code");
    await zip.fill("10001");
    await dialog.getByRole("button", { name: "Save location" }).click();
    const zipField = dialog.locator(".field", { has: page.getByLabel("ZIP code") });
    await zipField.getByRole("alert").filter({ hasText: "ZIP 10001 lies in NY, not PA" }).waitFor();
    expect(await zip.getAttribute("aria-invalid")).toBe("true");
    expect(await isFocused(zip)).toBe(true);
    await expectAccessible(page, "the new-location dialog with an error");
    await zip.fill("19103");
    await dialog.getByRole("button", { name: "Save location" }).click();

    const notice = page
      .getByRole("status")
      .filter({ hasText: "Saved Weekend in Philadelphia in Pennsylvania for Jordan Lee." });
    await notice.waitFor();
    await notice.getByText("This puts 1 upcoming session at risk:").waitFor();
    const atRisk = notice.getByRole("list", { name: "Sessions at risk" });
    expect(await atRisk.getByRole("link").count()).toBe(1);
    expect(await atRisk.textContent()).toMatch(/Pennsylvania/);
    // The list now shows the trip among Jordan's upcoming risks, with the options.
    const row = page.locator("tr", { hasText: "Jordan Lee" });
    const risk = row.locator("li.risk", { hasText: "Weekend in Philadelphia" });
    await risk.waitFor();
    expect(await risk.locator(".risk__title").textContent()).toMatch(/1 session at risk/);
    await risk.getByRole("link", { name: /^Reschedule/ }).waitFor();
    await risk.getByText("Find who can see them").waitFor();
    await expectAccessible(page, "the Clients list after saving a trip");
    await screenshots(page, "a-new-location-from-clients");
  });

  it("(g) a move with the at-risk list; ending and deleting locations", async () => {
    // Sam Rivera moves from Manhattan to Philadelphia, where Maya is not licensed.
    await page.getByRole("link", { name: "Sam Rivera", exact: true }).click();
    await page.getByRole("heading", { name: "Sam Rivera", level: 1 }).waitFor();
    const home = page.locator('li.location[data-kind="home"]');
    expect(await home.textContent()).toMatch(/408 W 34th St/);
    await page.getByRole("button", { name: "Edit Home" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Home" });
    await edit.getByLabel("Street address (optional)").fill("1601 Walnut St");
    await edit.getByLabel("Apartment, suite, floor (optional)").fill("");
    await edit.getByLabel("City").fill("Philadelphia");
    await edit.getByLabel("State").selectOption("PA");
    await edit.getByLabel("ZIP code").fill("19103");
    await expectAccessible(page, "the edit-location dialog");
    await edit.getByRole("button", { name: "Save changes" }).click();
    const moved = page.getByRole("status").filter({ hasText: "Saved the changes to Home." });
    await moved.waitFor();
    // Last week's confirmed session took place at the old address: it is kept, not overwritten.
    expect(await moved.textContent()).toMatch(
      /A confirmed session took place at the old address, so it is kept/,
    );
    // Sunday's session from home can no longer go ahead.
    await moved.getByText(/This puts \d+ upcoming sessions? at risk:/).waitFor();
    const list = moved.getByRole("list", { name: "Sessions at risk" });
    expect(await list.getByRole("link").count()).toBeGreaterThanOrEqual(1);
    expect(await list.textContent()).toMatch(/Pennsylvania/);
    await page.locator('li.location[data-kind="home"]', { hasText: "Philadelphia, PA 19103" }).waitFor();
    await expectAccessible(page, "Sam Rivera's page after the move");
    await screenshots(page, "g-move-at-risk");

    // Jordan's family home ends today; the Philadelphia weekend is deleted outright.
    await openClient("Jordan Lee");
    await page.getByRole("button", { name: "End Family home, Durham" }).click();
    const end = page.getByRole("dialog", { name: "End Family home, Durham" });
    await end.getByLabel("Moved out on…").fill(inDays(0));
    await expectAccessible(page, "the end-location dialog");
    await end.getByRole("button", { name: "End location" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Family home, Durham ends on ${longDay(inDays(0))}.` })
      .waitFor();

    await page.getByRole("button", { name: "Delete Weekend in Philadelphia" }).click();
    const del = page.getByRole("dialog", { name: "Delete Weekend in Philadelphia?" });
    await expectAccessible(page, "the delete-location dialog");
    await del.getByRole("button", { name: "Delete location" }).click();
    await page.getByRole("status").filter({ hasText: "Deleted Weekend in Philadelphia." }).waitFor();
    await page.locator("li.location", { hasText: "Weekend in Philadelphia" }).waitFor({ state: "detached" });
    await page
      .locator("li.location", { hasText: "Family home, Durham" })
      .getByText(`Until ${longDay(inDays(0))}`)
      .waitFor();
    await screenshots(page, "g-end-and-delete");
  });

  it("loads each main page with few API requests, never one per session date", async () => {
    const clients = await pageRequestsOnLoad(page, "/clients");
    // The whole practice in pages of 200 (the largest): one request for the demo's clients.
    expect(clients).toEqual(["GET /clients?limit=200"]);
    const jordan =
      (await page.getByRole("link", { name: "Jordan Lee", exact: true }).getAttribute("href")) ?? "";
    const id = jordan.split("/").at(-1) ?? "";

    const client = await pageRequestsOnLoad(page, jordan);
    expect(client).toEqual([
      `GET /clients/${id}`,
      `GET /sessions?clientId=${id}&from=${inDays(0)}&status=scheduled&limit=1`,
      // The coverage panel: the payer's answers so far (one request whatever their number).
      `GET /clients/${id}/eligibility?limit=20`,
      `GET /clients/${id}/billing-method?date=${inDays(3)}`,
    ]);

    const sessions = await pageRequestsOnLoad(page, "/sessions");
    expect(sessions.length).toBeLessThanOrEqual(3);
    expect(sessions.filter((r) => r.startsWith("GET /sessions?"))).toHaveLength(1);
    for (const r of [...clients, ...client, ...sessions]) expect(r).not.toMatch(/^GET \/clients\?date=/);
  });
});
