/**
 * A provider in the browser: signs in (the frame: titles, name, alerts, the phone menu), and does
 * the help article's tasks on the Sessions page — (d) confirms a BlueCard session with the live
 * decision shown first, (e) books a session during a vacation with the verdict and the options
 * before saving, and sees the upcoming risk on the Clients list, (f) records a crisis from a
 * friend's place without making it one of the client's places — then edits licenses, coverage
 * and claims. axe runs on every page and dialog; the tasks save screenshots at 1366 and 390.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  expectAccessible,
  expectNoSidewaysScroll,
  inDays,
  isFocused,
  longDay,
  screenshot,
  screenshotIfFailed,
  screenshots,
  signIn,
  startStack,
  type Stack,
} from "./support.js";

/** Now minus `ms`, as the date and time fields on New York's clock. */
function newYorkClock(ms: number): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "America/New_York",
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(new Date(Date.now() - ms));
  const part = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return {
    date: `${part("year")}-${part("month")}-${part("day")}`,
    time: `${part("hour")}:${part("minute")}`,
  };
}

describe("provider", { timeout: 60_000 }, () => {
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    page = await stack.page({ width: 1366, height: 900 });
    await signIn(page, "maya");
  });
  afterAll(async () => stack.close());
  afterEach(async ({ task }) => screenshotIfFailed(page, task));

  const nav = (name: string) =>
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

  it("signs in and sees clients with badges, their name in the header, and the alerts", async () => {
    const fresh = await stack.page({ width: 1366, height: 900 });
    await fresh.goto("/");
    await fresh.getByLabel("Email").waitFor();
    expect(await fresh.title()).toBe("Sign in — Stateline");
    await fresh.getByLabel("Password").fill("not the password");
    await fresh.getByLabel("Email").fill("maya@stateline.test");
    await fresh.getByRole("button", { name: "Sign in" }).click();
    await fresh
      .getByRole("alert")
      .filter({ hasText: /email or password/i })
      .waitFor();
    await expectAccessible(fresh, "the sign-in page with an error");
    await screenshots(fresh, "sign-in-refused");
    await fresh.context().close();

    // Signed in (before all): the start page is the Clients list.
    await page.goto("/");
    await page.getByRole("heading", { name: "Clients", level: 1 }).waitFor();
    expect(await page.title()).toBe("Clients — Stateline");
    // The logo link is named as it reads; the header says who is signed in.
    await page.getByRole("link", { name: "Stateline", exact: true }).waitFor();
    expect(await page.getByRole("banner").textContent()).toContain("Signed in as Maya R. Chen, LCSW");
    const taylor = page.locator("tr", { hasText: "Taylor Brooks" });
    expect(await taylor.textContent()).toContain("Not licensed there");
    expect(await page.locator("tr", { hasText: "Jordan Lee" }).textContent()).toContain("BlueCard via");

    const alerts = page.getByRole("button", { name: /Alerts/ });
    await page.locator(".alerts__count", { hasNotText: "…" }).waitFor();
    await alerts.click();
    const panel = page.getByRole("region", { name: "Alerts" });
    expect(await panel.textContent()).toMatch(/New Jersey/);
    await expectAccessible(page, "the Clients list with the alerts open");
    await screenshot(page, "provider-clients-alerts");
    // Escape closes the alerts and gives the focus back to their button.
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "hidden" });
    expect(await isFocused(alerts)).toBe(true);
  });

  it("(d) confirms Jordan's session: the live decision first, then the claim to Anthem", async () => {
    await nav("Sessions").click();
    await page.getByRole("heading", { name: "To confirm" }).waitFor();
    expect(await page.title()).toBe("Sessions — Stateline");
    await expectAccessible(page, "the Sessions page");
    await page.getByRole("button", { name: "Confirm session with Jordan Lee" }).click();
    const dialog = page.getByRole("dialog", { name: /Confirm the session with Jordan Lee/ });
    const dorm = dialog.getByRole("radio", { name: /Dorm, Columbia/ });
    await dorm.waitFor();
    expect(await dorm.isChecked()).toBe(true);
    // Before anything is written: what confirming would do.
    await dialog.getByText("Billable through BlueCard").waitFor({ timeout: 20_000 });
    expect(await dialog.textContent()).toMatch(/Anthem/);
    // The claim's diagnoses start as the client's; without any, the claim cannot be made.
    const diagnoses = dialog.getByLabel("Diagnoses (ICD-10-CM)");
    expect(await diagnoses.inputValue()).toBe("F41.1");
    await diagnoses.fill("");
    await dialog.getByRole("button", { name: "Confirm and bill" }).click();
    await dialog
      .locator(".field", { has: page.getByLabel("Diagnoses (ICD-10-CM)") })
      .getByRole("alert")
      .filter({ hasText: /at least one ICD-10-CM diagnosis/ })
      .waitFor();
    expect(await diagnoses.getAttribute("aria-invalid")).toBe("true");
    expect(await isFocused(diagnoses)).toBe(true);
    await diagnoses.fill("F41.1");
    await dialog.getByText("Billable through BlueCard").waitFor({ timeout: 20_000 });
    await expectAccessible(page, "the confirm dialog");
    await screenshots(page, "d-confirm-preview");
    await dialog.getByRole("button", { name: "Confirm and bill" }).click();
    const done = page.getByRole("status").filter({ hasText: "Session confirmed" });
    await done.waitFor();
    expect(await done.textContent()).toMatch(/Claim to Anthem .*bluecard/i);
    await page
      .locator("section", { has: page.getByRole("heading", { name: "Confirmed" }) })
      .locator("tr", { hasText: "Jordan Lee" })
      .waitFor();
    await screenshots(page, "d-confirmed");
  });

  it("(d) is refused where they are not credentialed, with the reason and the fix, nothing changed", async () => {
    await page.getByRole("button", { name: "Confirm session with Alex Kim" }).click();
    const dialog = page.getByRole("dialog", { name: /Confirm the session with Alex Kim/ });
    await dialog.getByRole("radio", { name: /^Somewhere else/ }).check();
    await dialog.getByLabel("Street address").fill("221 River St");
    await dialog.getByLabel("City").fill("Hoboken");
    await dialog.getByLabel("State").selectOption("NJ");
    await dialog.getByLabel("ZIP code").fill("07030");
    await dialog.getByText("This session cannot be billed").waitFor({ timeout: 20_000 });
    await dialog.getByRole("button", { name: "Confirm and bill" }).click();
    const refusal = dialog.getByRole("alert").filter({ hasText: "Not confirmed" });
    await refusal.waitFor();
    const text = (await refusal.textContent()) ?? "";
    expect(text).toMatch(/Cigna/);
    expect(text).toMatch(/New Jersey|NJ/);
    expect(text).toMatch(/What would fix it:/);
    await expectAccessible(page, "the confirm dialog refused");
    await screenshot(page, "provider-confirm-refused");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    // Still to confirm: nothing changed.
    await page.getByRole("button", { name: "Confirm session with Alex Kim" }).waitFor();
  });

  it("(f) records a crisis from a friend's place without making it one of Alex's places", async () => {
    const { date, time } = newYorkClock(3_600_000);
    await page.getByRole("button", { name: "Schedule a session" }).click();
    const schedule = page.getByRole("dialog", { name: "Schedule a session" });
    await schedule.getByLabel("Client").selectOption({ label: "Alex Kim" });
    await schedule.getByLabel("Date").fill(date);
    await schedule.getByLabel("Start time").fill(time);
    await schedule.getByLabel("Time zone").selectOption("America/New_York");
    await schedule.getByLabel("Crisis session").check();
    await schedule.getByRole("button", { name: "Record crisis session" }).click();

    // Straight on to confirming it: where Alex was (somewhere else, not saved) and the notes.
    const dialog = page.getByRole("dialog", { name: /Confirm the session with Alex Kim/ });
    await dialog.getByRole("radio", { name: /^Somewhere else/ }).check();
    await dialog.getByLabel("Street address (required for a crisis)").fill("221 River St");
    await dialog.getByLabel("City").fill("Hoboken");
    await dialog.getByLabel("State").selectOption("NJ");
    await dialog.getByLabel("ZIP code").fill("07030");
    const save = dialog.getByLabel("Save this address as one of the client's places");
    expect(await save.isChecked()).toBe(false);
    // Nothing can be checked yet: the documentation is missing; confirming says so at the field.
    await dialog.getByText("A crisis session needs documentation of the crisis").waitFor({ timeout: 20_000 });
    await dialog.getByRole("button", { name: "Confirm and bill" }).click();
    const notes = dialog.locator(".field", { has: page.getByLabel("Crisis documentation") });
    await notes
      .getByRole("alert")
      .filter({ hasText: /needs documentation of the crisis/ })
      .waitFor();
    await dialog
      .getByLabel("Crisis documentation")
      .fill("Acute panic with suicidal ideation; risk assessed, safety plan agreed, 911 not needed.");
    await dialog.getByText("Billable under the crisis exception").waitFor({ timeout: 20_000 });
    await expectAccessible(page, "the crisis confirm dialog");
    await screenshots(page, "f-crisis-confirm");
    await dialog.getByRole("button", { name: "Confirm and bill" }).click();
    const done = page.getByRole("status").filter({ hasText: "Session confirmed" });
    await done.waitFor();
    expect(await done.textContent()).toMatch(/Cigna .*crisis.*90839/);

    // Alex's places are as they were: Brooklyn only, and he can still be seen there.
    await nav("Clients").click();
    const alex = page.locator("tr", { hasText: "Alex Kim" });
    await alex.waitFor();
    expect(await alex.locator('td[data-label="Where today"]').textContent()).toMatch(/Brooklyn, NY 11201/);
    expect(await alex.textContent()).toContain("Can be seen");
    expect(await alex.textContent()).not.toMatch(/Hoboken/);
    await alex.getByRole("link", { name: "Alex Kim", exact: true }).click();
    await page.getByRole("heading", { name: "Alex Kim", level: 1 }).waitFor();
    const places = page.locator("li.location");
    await places.first().waitFor();
    expect(await places.count()).toBe(1);
    expect(await places.textContent()).toMatch(/75 Henry St, Brooklyn, NY 11201/);
    await screenshots(page, "f-crisis-locations-unchanged");
  });

  it("(e) books a session during Sam's vacation: the verdict and the options before saving", async () => {
    await nav("Sessions").click();
    await page.getByRole("button", { name: "Schedule a session" }).click();
    const dialog = page.getByRole("dialog", { name: "Schedule a session" });
    await dialog.getByLabel("Client").selectOption({ label: "Sam Rivera" });
    // A time in the past is refused next to the date, which gets the focus.
    const date = dialog.getByLabel("Date");
    await date.fill(inDays(-2));
    await dialog.getByLabel("Start time").fill("11:00");
    await dialog.getByRole("button", { name: "Schedule" }).click();
    await dialog
      .locator(".field", { has: page.getByLabel("Date") })
      .getByRole("alert")
      .filter({ hasText: /Sessions are scheduled ahead/ })
      .waitFor();
    expect(await isFocused(date)).toBe(true);

    // During the Miami Beach trip: not billable, why, and what to do, before saving.
    await date.fill(inDays(8));
    const verdict = dialog.getByRole("region", { name: "The verdict for this session" });
    await verdict.waitFor({ timeout: 20_000 });
    await verdict.getByText("This session cannot be billed").waitFor();
    const text = (await verdict.textContent()) ?? "";
    expect(text).toMatch(/no license or compact privilege for Florida/);
    expect(text).toMatch(/Miami Beach, FL 33139/);
    await verdict.getByText("Your options").waitFor();
    await verdict.getByRole("button", { name: "Choose another date" }).waitFor();
    expect(text).toMatch(/Crisis only: a documented crisis session there would be billable/);
    expect(
      await verdict
        .getByRole("link", { name: `See Sam Rivera's billing method on ${longDay(inDays(8))}` })
        .getAttribute("href"),
    ).toMatch(new RegExp(`\\?date=${inDays(8)}$`));
    await expectAccessible(page, "the schedule form with its verdict");
    await screenshots(page, "e-schedule-verdict");
    await dialog.getByRole("button", { name: "Schedule" }).click();
    await dialog.waitFor({ state: "hidden" });
    const row = page
      .locator("section", { has: page.getByRole("heading", { name: "Upcoming" }) })
      .locator("tr", { hasText: "Sam Rivera" })
      .filter({ hasText: "At risk in Miami Beach, Florida" });
    await row.nth(1).waitFor();

    // The Clients list: the vacation puts two sessions at risk, with the article's options.
    await nav("Clients").click();
    const risk = page.locator("tr", { hasText: "Sam Rivera" }).locator("li.risk");
    await risk.waitFor();
    expect(await risk.locator(".risk__title").textContent()).toMatch(/Dec \d+–\d+: 2 sessions at risk$/);
    expect(await risk.locator(".risk__sessions a").count()).toBe(2);
    const options = risk.getByRole("list", { name: /^What you can do: Sam Rivera, / });
    await options.getByRole("link", { name: /^Reschedule/ }).waitFor();
    await options.getByText("Crisis only:").waitFor();
    await options.getByText("Temporary-practice rules").click();
    await options.getByText(/register with Florida as an out-of-state telehealth provider/).waitFor();
    await options.getByRole("button", { name: /^Find who can see them/ }).waitFor();
    const billing = options.getByRole("link", { name: /^Billing method for Sam Rivera on / });
    await expectAccessible(page, "the Clients list with upcoming risks");
    await screenshots(page, "e-clients-upcoming-risk");
    // Followed from the keyboard, as a screen-reader user would.
    await billing.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Sam Rivera", level: 1 }).waitFor();
    await page.locator('article.box[data-state="FL"]').waitFor();
    expect(await page.getByLabel("Can I see them on…").inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("lists licenses and credentials with days to expiry, and edits one", async () => {
    await nav("Licenses & credentials").click();
    const nj = page.locator("tr", { hasText: "New Jersey" }).filter({ hasText: "LCSW" }).first();
    await nj.waitFor();
    expect(await nj.textContent()).toMatch(/2[0-2] days left/);
    await nj.getByRole("button", { name: /Edit/ }).click();
    const dialog = page.getByRole("dialog", { name: "Edit license" });
    await dialog.getByLabel("Valid to").fill(inDays(700));
    await dialog.getByRole("button", { name: "Save license" }).click();
    await page.getByText("Saved the LCSW license in New Jersey.").waitFor();
    expect(await page.title()).toBe("Licenses & credentials — Stateline");
    await expectAccessible(page, "Licenses & credentials");
    await screenshots(page, "provider-credentials");
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
    await nav("Clients").click();
    await page.getByRole("link", { name: "Taylor Brooks", exact: true }).click();
    await page.getByRole("button", { name: "Edit coverage" }).click();
    const dialog = page.getByRole("dialog", { name: /Insurance coverage of Taylor Brooks/ });
    const product = dialog.getByLabel("Kind of plan");
    expect(await product.inputValue()).toBe("pos");
    await product.selectOption({ label: "Federal Employee Program (FEP)" });
    await product.selectOption({ label: "EPO" });
    await dialog.getByRole("button", { name: "Save coverage" }).click();
    await page.getByText("Saved the coverage: Aetna, EPO.").waitFor();
    await expectAccessible(page, "Taylor Brooks's page");
    await screenshot(page, "provider-coverage");
  });

  it("lists the claims, corrects a diagnosis, and the clients list works at phone width", async () => {
    await nav("Claims").click();
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
    expect(await page.title()).toBe("Claims — Stateline");
    await expectAccessible(page, "Claims");
    await screenshots(page, "provider-claims");
  });

  it("at phone width: the menu behind a button, the name in it, no sideways scrolling, tap on the map", async () => {
    const phone = await stack.page({ width: 390, height: 844 });
    await signIn(phone, "maya");
    await phone.getByRole("heading", { name: "Clients", level: 1 }).waitFor();
    const menu = phone.getByRole("button", { name: "Menu" });
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await phone.getByRole("link", { name: "Sessions", exact: true }).count()).toBe(0);
    await menu.click();
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    const controls = (await menu.getAttribute("aria-controls")) ?? "";
    const opened = phone.locator(`[id="${controls}"]`);
    await opened.getByText("Signed in as Maya R. Chen, LCSW").waitFor();
    await opened.getByRole("button", { name: "Sign out" }).waitFor();
    await expectAccessible(phone, "the phone menu");
    // Escape closes it and gives the focus back to the button.
    await phone.keyboard.press("Escape");
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await isFocused(menu)).toBe(true);
    await phone.locator("tr", { hasText: "Jordan Lee" }).waitFor();
    await expectNoSidewaysScroll(phone, "Clients at 390 px");

    const visit = async (name: string, title: string, ready: string) => {
      await menu.click();
      await phone.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).click();
      expect(await menu.getAttribute("aria-expanded")).toBe("false");
      await phone.getByRole("heading", { name: ready }).first().waitFor();
      expect(await phone.title()).toBe(title);
      await expectNoSidewaysScroll(phone, `${name} at 390 px`);
      await expectAccessible(phone, `${name} at 390 px`);
    };
    await visit("Sessions", "Sessions — Stateline", "Upcoming");
    await visit("Licenses & credentials", "Licenses & credentials — Stateline", "Licenses & credentials");
    await visit("Claims", "Claims — Stateline", "Claims");
    await visit("Clients", "Clients — Stateline", "Clients");

    await phone.getByRole("link", { name: "Jordan Lee", exact: true }).click();
    await phone.locator('path.map__state[data-state="NC"]').waitFor();
    await phone.getByText("Tap a state to see its box.").waitFor();
    await expectNoSidewaysScroll(phone, "Jordan Lee's page at 390 px");
    await expectAccessible(phone, "Jordan Lee's page at 390 px");
    await screenshot(phone, "provider-billing-method-phone");
    await phone.context().close();
  });
});
