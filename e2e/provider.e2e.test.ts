/**
 * A provider in the browser: signs in (alerts in the header), adds a client location, reads the
 * Billing method boxes and the map, confirms a BlueCard session, and is refused where they are
 * not credentialed, with the reason and the fix on screen; corrects a held claim's diagnosis.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot, signIn, startStack, type Stack } from "./support.js";

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe("provider", { timeout: 60_000 }, () => {
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    page = await stack.page();
  });
  afterAll(async () => stack.close());

  it("signs in and sees clients with badges, and the header's alerts", async () => {
    await page.goto("/");
    await page.getByLabel("Password").fill("not the password");
    await page.getByLabel("Email").fill("maya@stateline.test");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /email or password/i })
      .waitFor();
    await screenshot(page, "sign-in-refused");
    await signIn(page, "maya");
    await page.getByRole("heading", { name: "Clients", level: 1 }).waitFor();
    const taylor = page.locator("tr", { hasText: "Taylor Brooks" });
    expect(await taylor.textContent()).toContain("Not licensed there");
    expect(await page.locator("tr", { hasText: "Jordan Lee" }).textContent()).toContain("BlueCard via");

    const alerts = page.getByRole("button", { name: /Alerts/ });
    await page.locator(".alerts__count", { hasNotText: "…" }).waitFor();
    await alerts.click();
    const panel = page.getByRole("region", { name: "Alerts" });
    expect(await panel.textContent()).toMatch(/New Jersey/);
    await screenshot(page, "provider-clients-alerts");
    await page.keyboard.press("Escape");
  });

  it("adds a client location from the Clients list, and the badge follows it", async () => {
    await page.getByRole("button", { name: "New location for Alex Kim" }).click();
    const dialog = page.getByRole("dialog", { name: "New location for Alex Kim" });
    await dialog.getByLabel("What kind of place").selectOption("virtual_session");
    await dialog.getByLabel("Name for this place (optional)").fill("Friend's place, Hoboken");
    await dialog.getByLabel("Street address (optional)").fill("221 River St");
    await dialog.getByLabel("City").fill("Hoboken");
    await dialog.getByLabel("State").selectOption("NJ");
    // A ZIP from another state is refused next to the field, as the API names it.
    await dialog.getByLabel("ZIP code").fill("10001");
    await dialog.getByRole("button", { name: "Save location" }).click();
    await dialog.getByText("ZIP 10001 lies in NY, not NJ").waitFor();
    await screenshot(page, "provider-new-location-error");
    await dialog.getByLabel("ZIP code").fill("07030");
    await dialog.getByRole("button", { name: "Save location" }).click();
    await page.getByText("Saved Friend's place, Hoboken in New Jersey for Alex Kim.").waitFor();
    const alex = page.locator("tr", { hasText: "Alex Kim" });
    await alex.getByText("Out-of-network").waitFor();
    expect(await alex.textContent()).toContain("Hoboken, NJ");
    await screenshot(page, "provider-new-location-saved");
  });

  it("reads the Billing method boxes and the map", async () => {
    await page.getByRole("link", { name: "Jordan Lee" }).click();
    await page.getByRole("heading", { name: "Billing method" }).waitFor();
    const boxes = page.locator("article.box");
    await boxes.first().waitFor();
    const ny = page.locator('article.box[data-state="NY"]');
    const nc = page.locator('article.box[data-state="NC"]');
    expect(await ny.count()).toBe(2); // in person at the office, and by video at the dorm
    expect(await ny.first().textContent()).toMatch(/BlueCard via .*Anthem/);
    expect(await nc.textContent()).toContain("Not possible");
    expect(await nc.textContent()).toMatch(/What would fix it/);

    // The map: states are focusable, named with their route, and focusing one highlights its box.
    const nyOnMap = page.locator('path.map__state[data-state="NY"]');
    await nyOnMap.waitFor();
    expect(await nyOnMap.getAttribute("aria-label")).toMatch(/^New York: .*BlueCard via/);
    await nyOnMap.focus();
    await page.locator('article.box--active[data-state="NY"]').first().waitFor();
    expect(await page.locator(".map__active").textContent()).toMatch(/New York:/);
    // Readable without colour: every marked state has a text label and a legend entry.
    expect(await page.locator(".map__labels text").allTextContents()).toEqual(
      expect.arrayContaining(["NY ↗", "NC ✕"]),
    );
    expect(await page.locator(".map__legend").textContent()).toMatch(/BlueCard: NY/);
    await screenshot(page, "provider-billing-method");
  });

  it("confirms a BlueCard session, the live decision shown first", async () => {
    await page.getByRole("link", { name: "Sessions" }).click();
    await page.getByRole("heading", { name: "To confirm" }).waitFor();
    await page.getByRole("button", { name: "Confirm session with Jordan Lee" }).click();
    const dialog = page.getByRole("dialog", { name: /Confirm the session with Jordan Lee/ });
    await dialog.getByRole("radio", { name: /Dorm, Columbia/ }).waitFor();
    expect(await dialog.getByRole("radio", { name: /Dorm, Columbia/ }).isChecked()).toBe(true);
    await dialog.getByText("Billable through BlueCard").waitFor();
    // The claim's diagnoses start as the client's; without any, the claim cannot be made.
    const diagnoses = dialog.getByLabel("Diagnoses (ICD-10-CM)");
    expect(await diagnoses.inputValue()).toBe("F41.1");
    await diagnoses.fill("");
    await dialog.getByRole("button", { name: "Confirm and bill" }).click();
    await dialog.getByText(/at least one ICD-10-CM diagnosis/).waitFor();
    expect(await diagnoses.getAttribute("aria-invalid")).toBe("true");
    await diagnoses.fill("F41.1");
    await screenshot(page, "provider-confirm-bluecard");
    await dialog.getByRole("button", { name: "Confirm and bill" }).click();
    await page.getByText("Session confirmed").waitFor();
    expect(await page.getByRole("status").filter({ hasText: "Session confirmed" }).textContent()).toMatch(
      /Claim to Anthem .*bluecard/i,
    );
  });

  it("is refused where they are not credentialed, with the reason and the fix", async () => {
    await page.getByRole("button", { name: "Confirm session with Alex Kim" }).click();
    const dialog = page.getByRole("dialog", { name: /Confirm the session with Alex Kim/ });
    // Expected that day: the friend's place in New Jersey, added above.
    const hoboken = dialog.getByRole("radio", { name: /Friend's place, Hoboken/ });
    await hoboken.waitFor();
    expect(await hoboken.isChecked()).toBe(true);
    await dialog.getByText("This session cannot be billed").waitFor();
    await dialog.getByRole("button", { name: "Confirm and bill" }).click();
    const refusal = dialog.getByRole("alert").filter({ hasText: "Not confirmed" });
    await refusal.waitFor();
    const text = (await refusal.textContent()) ?? "";
    expect(text).toMatch(/Cigna/);
    expect(text).toMatch(/New Jersey|NJ/);
    expect(text).toMatch(/What would fix it:/);
    await screenshot(page, "provider-confirm-refused");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    // Still to confirm: nothing changed.
    await page.getByRole("button", { name: "Confirm session with Alex Kim" }).waitFor();
  });

  it("records a crisis after the fact: documentation and the exact address, billed by exception", async () => {
    // An hour ago, on New York's clock.
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: "America/New_York",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    }).formatToParts(new Date(Date.now() - 3_600_000));
    const part = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
    await page.getByRole("button", { name: "Schedule a session" }).click();
    const schedule = page.getByRole("dialog", { name: "Schedule a session" });
    await schedule.getByLabel("Client").selectOption({ label: "Alex Kim" });
    await schedule.getByLabel("Date").fill(`${part("year")}-${part("month")}-${part("day")}`);
    await schedule.getByLabel("Start time").fill(`${part("hour")}:${part("minute")}`);
    await schedule.getByLabel("Time zone").selectOption("America/New_York");
    await schedule.getByLabel("Crisis session").check();
    await schedule.getByRole("button", { name: "Record crisis session" }).click();

    // Straight on to confirming it: the exact address (the friend's place has one) and the notes.
    const dialog = page.getByRole("dialog", { name: /Confirm the session with Alex Kim/ });
    await dialog.getByText("Billable under the crisis exception").waitFor();
    await dialog.getByRole("button", { name: "Confirm and bill" }).click();
    const notes = dialog.locator(".field", { has: page.getByLabel("Crisis documentation") });
    await notes
      .getByRole("alert")
      .filter({ hasText: /needs documentation of the crisis/ })
      .waitFor();
    await dialog
      .getByLabel("Crisis documentation")
      .fill("Acute panic with suicidal ideation; risk assessed, safety plan agreed, 911 not needed.");
    await screenshot(page, "provider-crisis");
    await dialog.getByRole("button", { name: "Confirm and bill" }).click();
    const done = page.getByRole("status").filter({ hasText: "Session confirmed" });
    await done.waitFor();
    expect(await done.textContent()).toMatch(/Cigna .*crisis.*90839/);
  });

  it("schedules a session; a time in the past is refused next to the date", async () => {
    await page.getByRole("button", { name: "Schedule a session" }).click();
    const dialog = page.getByRole("dialog", { name: "Schedule a session" });
    await dialog.getByLabel("Client").selectOption({ label: "Priya Patel" });
    await dialog.getByLabel("Date").fill(inDays(-2));
    await dialog.getByRole("button", { name: "Schedule" }).click();
    const date = dialog.locator(".field", { has: page.getByLabel("Date") });
    await date
      .getByRole("alert")
      .filter({ hasText: /Sessions are scheduled ahead/ })
      .waitFor();
    await dialog.getByLabel("Date").fill(inDays(6));
    await dialog.getByLabel("Start time").fill("14:30");
    await screenshot(page, "provider-schedule");
    await dialog.getByRole("button", { name: "Schedule" }).click();
    const row = page
      .locator("section", { has: page.getByRole("heading", { name: "Upcoming" }) })
      .locator("tr", {
        hasText: "Priya Patel",
      });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/OK from Dallas, TX/);
  });

  it("lists licenses and credentials with days to expiry, and edits one", async () => {
    await page.getByRole("link", { name: "Licenses & credentials" }).click();
    const nj = page.locator("tr", { hasText: "New Jersey" }).filter({ hasText: "LCSW" }).first();
    await nj.waitFor();
    expect(await nj.textContent()).toMatch(/2[0-2] days left/);
    await nj.getByRole("button", { name: /Edit/ }).click();
    const dialog = page.getByRole("dialog", { name: "Edit license" });
    await dialog.getByLabel("Valid to").fill(inDays(700));
    await dialog.getByRole("button", { name: "Save license" }).click();
    await page.getByText("Saved the LCSW license in New Jersey.").waitFor();
    await screenshot(page, "provider-credentials");
  });

  it("adds a compact privilege on a home license of their own, and reads what the engine concludes", async () => {
    await page.getByRole("button", { name: "Add license" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a license" });
    await dialog.getByLabel("State").selectOption("CO");
    await dialog.getByLabel("License type").fill("LCSW");
    // The home state is asked for compact privileges only, from Maya's own state licenses.
    expect(await dialog.getByLabel("Home state").count()).toBe(0);
    await dialog.getByLabel("Issued by").selectOption("social_work_compact");
    const home = dialog.getByLabel("Home state");
    expect(await home.locator("option:not([disabled])").allTextContents()).toEqual([
      "New Jersey",
      "New York",
      "Texas",
    ]);
    // Without one, the API's refusal sits under the field.
    await dialog.getByRole("button", { name: "Save license" }).click();
    await dialog.getByText(/home license/).waitFor();
    expect(await home.getAttribute("aria-invalid")).toBe("true");
    await home.selectOption("TX");
    await dialog.getByRole("button", { name: "Save license" }).click();
    const notice = page
      .getByRole("status")
      .filter({ hasText: "Saved the Social Work Compact privilege in Colorado." });
    await notice.waitFor();
    // Saved all the same, with the condition that fails: Texas is not a member.
    expect(await notice.textContent()).toMatch(
      /Texas, your home state for this privilege, is not a Social Work Compact member state/,
    );
    await screenshot(page, "provider-privilege");
  });

  it("records the client's kind of plan on their coverage", async () => {
    await page.getByRole("link", { name: "Clients" }).first().click();
    await page.getByRole("link", { name: "Taylor Brooks" }).first().click();
    await page.getByRole("button", { name: "Edit coverage" }).click();
    const dialog = page.getByRole("dialog", { name: /Insurance coverage of Taylor Brooks/ });
    const product = dialog.getByLabel("Kind of plan");
    expect(await product.inputValue()).toBe("pos");
    await product.selectOption({ label: "Federal Employee Program (FEP)" });
    await product.selectOption({ label: "EPO" });
    await dialog.getByRole("button", { name: "Save coverage" }).click();
    await page.getByText("Saved the coverage: Aetna, EPO.").waitFor();
    await screenshot(page, "provider-coverage");
  });

  it("lists the claims, corrects a diagnosis, and the clients list works at phone width", async () => {
    await page.getByRole("link", { name: "Claims" }).click();
    const row = page.locator("tr", { hasText: "Jordan Lee" });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/BlueCard/);
    expect(await row.textContent()).toMatch(/90837-95/);
    expect(await row.textContent()).toContain("F41.1");
    // The demo's claim for Sam Rivera, ready since last week, is listed too; no longer editable.
    const sam = page.locator("tr", { hasText: "Sam Rivera" });
    await sam.getByText("Ready to export").waitFor();
    expect(await sam.getByRole("button", { name: /^Edit/ }).count()).toBe(0);

    // Jordan's claim as files, named for the row they belong to.
    const x12 = row.getByRole("link", { name: /^X12 837P for Jordan Lee, / });
    const fhir = row.getByRole("link", { name: /^FHIR R4 for Jordan Lee, / });
    expect(await x12.getAttribute("href")).toMatch(/^\/api\/v1\/claims\/[^/]+\/x12$/);
    expect(await fhir.getAttribute("href")).toMatch(/^\/api\/v1\/claims\/[^/]+\/fhir$/);
    expect(await x12.getAttribute("download")).not.toBeNull();

    // Held for 48 hours: the diagnosis can still be corrected; a bad code is refused at the field.
    await row.getByRole("button", { name: /^Edit claim for Jordan Lee, / }).click();
    const dialog = page.getByRole("dialog", { name: /Correct the claim for Jordan Lee/ });
    expect(await dialog.textContent()).toMatch(/You can correct this claim until/);
    const diagnoses = dialog.getByLabel("Diagnoses");
    expect(await diagnoses.inputValue()).toBe("F41.1");
    await diagnoses.fill("41.1");
    await dialog.getByRole("button", { name: "Save claim" }).click();
    await dialog
      .locator(".field", { has: page.getByLabel("Diagnoses") })
      .getByRole("alert")
      .filter({ hasText: /"41.1" is not an ICD-10-CM code/ })
      .waitFor();
    await screenshot(page, "provider-claim-edit-error");
    await diagnoses.fill("F43.10, F41.1");
    await dialog.getByRole("button", { name: "Save claim" }).click();
    await page.getByRole("status").filter({ hasText: "Saved the claim for Jordan Lee" }).waitFor();
    await row.getByText("F43.10").waitFor();
    expect(await row.textContent()).toMatch(/F43\.10\s*principal\s*F41\.1/);
    await screenshot(page, "provider-claims");

    const phone = await stack.page({ width: 375, height: 812 });
    await signIn(phone, "maya");
    await phone.getByRole("heading", { name: "Clients", level: 1 }).waitFor();
    await phone.locator("tr", { hasText: "Jordan Lee" }).waitFor();
    const width = await phone.evaluate("document.documentElement.scrollWidth");
    expect(width).toBeLessThanOrEqual(375);
    await screenshot(phone, "provider-clients-phone");
    await phone.getByRole("link", { name: "Jordan Lee" }).click();
    await phone.locator('path.map__state[data-state="NC"]').waitFor();
    expect(await phone.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
    await screenshot(phone, "provider-billing-method-phone");
    await phone.getByRole("link", { name: "Claims" }).click();
    await phone.getByRole("button", { name: /^Edit claim for Jordan Lee, / }).waitFor();
    expect(await phone.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
    await screenshot(phone, "provider-claims-phone");
  });
});
