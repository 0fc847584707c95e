/**
 * (i) Operations in the browser: the payer catalogue and BCBS map with sources, and its search; a
 * roster import with one bad row (its error on the row, nothing imported), fixed and imported; the
 * audit log with people's names and readable actions, its filters and pages; the ready claims
 * exported into an X12 batch file; the billing settings read, a bad ZIP refused next to its field,
 * and a fee corrected. axe on every page; screenshots at 1366 and 390; long pages stay sensible
 * at phone width.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  expectAccessible,
  expectNoSidewaysScroll,
  isFocused,
  screenshot,
  screenshotIfFailed,
  screenshots,
  signIn,
  startStack,
  type Stack,
} from "./support.js";

/** Maya Chen's NPI in the demo practice. */
const MAYA = "1234567893";
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

const ROSTER = [
  "npi,payer,state,network,status,effective_from,effective_to",
  `${MAYA},cigna,NJ,standard,active,2026-01-01,`,
  `${MAYA},acme-health,PA,standard,active,2026-01-01,`,
  `${MAYA},bcbs-ma,TX,virtual,active,2024-01-01,2028-12-31`,
  "",
].join("\n");

describe("(i) operations", { timeout: 60_000 }, () => {
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    page = await stack.page({ width: 1366, height: 900 });
    // Maya reads her clients first, so that the audit log has a provider's events to show.
    const maya = await stack.page();
    await signIn(maya, "maya");
    await maya.locator("tr", { hasText: "Jordan Lee" }).waitFor();
    // And again, a dozen times (each read audited): more than one page of events.
    for (let i = 0; i < 12; i++) expect((await maya.request.get("/api/v1/clients")).status()).toBe(200);
    await maya.context().close();
    await signIn(page, "ops");
  });
  afterAll(async () => stack.close());
  afterEach(async ({ task }) => screenshotIfFailed(page, task));

  it("reads the payer catalogue and a Blue plan's area, with sources", async () => {
    // The start page of operations.
    await page.getByRole("heading", { name: "Payers & BCBS map", level: 1 }).waitFor();
    await page.locator('path.map__state[data-state="NY"]').waitFor();
    expect(await page.locator('path.map__state[data-state="NY"]').getAttribute("aria-label")).toMatch(
      /Excellus/,
    );
    await page.getByLabel("Show a plan's area").selectOption("excellus-ny");
    await page.getByRole("heading", { name: /Excellus/, level: 3 }).waitFor();
    expect(await page.locator(".plan-area").textContent()).toMatch(/count(y|ies)/);
    expect(await page.locator(".plan-area a").count()).toBeGreaterThan(0);
    expect(await page.title()).toBe("Payers & BCBS map — Stateline");
    await expectAccessible(page, "Payers & BCBS map");
    await screenshot(page, "ops-payers", false);
  });

  it("finds a payer by name, and lists the rest a dozen at a time", async () => {
    const blue = page.locator("section", {
      has: page.getByRole("heading", { name: "Blue plans", level: 2 }),
    });
    expect(await blue.locator("tbody tr").count()).toBe(12);
    await blue.getByRole("button", { name: "Show 12 more" }).click();
    await blue.locator("tbody tr").nth(23).waitFor();
    expect(await blue.locator("tbody tr").count()).toBe(24);

    const search = page.getByRole("searchbox", { name: "Payer name, id or state" });
    await search.fill("excellus");
    await page.getByText("1 Blue plan and 0 national payers match.").waitFor();
    expect(await blue.locator("tbody tr").count()).toBe(1);
    expect(await blue.locator("tbody tr").textContent()).toMatch(/Excellus BlueCross BlueShield/);
    await search.fill("NJ");
    await blue.locator('tr[data-payer="horizon-nj"]').waitFor();
    await expectAccessible(page, "the payer search");
    await screenshots(page, "i-payer-search");

    // At phone width the page pages rather than running on and on, and never scrolls sideways.
    await search.fill("");
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await blue.locator("tbody tr").nth(11).waitFor();
      expect(await page.evaluate<number>("document.documentElement.scrollHeight")).toBeLessThan(12_000);
      await expectNoSidewaysScroll(page, "the payers page at 390 px");
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });

  it("imports a roster: the bad row is shown and blocks the import until fixed", async () => {
    await page.getByRole("link", { name: "Roster import" }).click();
    await page.getByLabel("CSV file").setInputFiles({
      name: "roster.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(ROSTER),
    });
    await page.getByText("Loaded roster.csv").waitFor();
    await page.getByRole("button", { name: "Check the file" }).click();
    await page.getByText("1 row with errors").waitFor();
    const bad = page.locator('tr[data-line="3"]');
    expect(await bad.textContent()).toMatch(/"acme-health" is not in the payer catalogue/);
    expect(await bad.locator(".cell--bad").textContent()).toContain("acme-health");
    const importButton = page.getByRole("button", { name: /^Import/ });
    expect(await importButton.isDisabled()).toBe(true);
    expect(await page.title()).toBe("Roster import — Stateline");
    await expectAccessible(page, "the roster preview with an error");
    await screenshot(page, "ops-roster-preview-error");

    const editor = page.getByLabel("Or paste or edit the rows here");
    await editor.fill(ROSTER.replace("acme-health,PA", "aetna,PA"));
    await page.getByRole("button", { name: "Check the file" }).click();
    await page.getByText(/3 rows: 3 ready/).waitFor();
    await importButton.click();
    const done = page.getByRole("status").filter({ hasText: "Roster imported" });
    await done.waitFor();
    expect(await done.textContent()).toMatch(/2 added, 1 updated/);
    await expectAccessible(page, "the roster imported");
    await screenshots(page, "i-roster-imported");
  });

  it("reads the audit log: names, readable actions, filters and pages", async () => {
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.getByRole("heading", { name: "Audit log", level: 1 }).waitFor();
    expect(await page.title()).toBe("Audit log — Stateline");
    const rows = page.getByRole("table", { name: "Audit events" }).locator("tbody tr");
    await page.getByText(/^Events 1–50, newest first/).waitFor();
    expect(await rows.count()).toBe(50);
    // People by name and role, actions in words (the code underneath).
    await rows.filter({ hasText: "Imported a roster" }).first().waitFor();
    expect(await rows.filter({ hasText: "Imported a roster" }).first().textContent()).toMatch(
      /roster\.commit.*ops@stateline\.test \(operations\)/,
    );
    await expectAccessible(page, "the audit log");

    // Pages of 50: older, then back to the newest (searching is recorded too: new events come first).
    const newest = Number(await rows.first().getAttribute("data-id"));
    const oldestShown = Number(await rows.last().getAttribute("data-id"));
    await page.getByRole("button", { name: "Older →" }).click();
    await page.getByText(/^Events 51–/).waitFor();
    expect(Number(await rows.first().getAttribute("data-id"))).toBeLessThan(oldestShown);
    await page.getByRole("button", { name: "← Newer" }).click();
    await page.getByText(/^Events 1–50/).waitFor();
    expect(Number(await rows.first().getAttribute("data-id"))).toBeGreaterThanOrEqual(newest);

    // Only Maya's events: choose her name.
    const person = page.getByLabel("Person");
    await person.selectOption({ label: "Maya R. Chen, LCSW (provider)" });
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByText(/matching the filters/).waitFor();
    const who = await page
      .getByRole("table", { name: "Audit events" })
      .locator('tbody td[data-label="Who"]')
      .allTextContents();
    expect(who.length).toBeGreaterThan(0);
    for (const w of who) expect(w).toMatch(/^Maya R\. Chen, LCSW \(provider\)/);
    expect(await rows.filter({ hasText: "Listed clients" }).count()).toBeGreaterThan(0);

    // The roster import, by action, in the last day.
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.getByText(/^Events 1–50, newest first/).waitFor();
    await page.getByLabel("Action").fill("roster.commit");
    const now = new Date();
    const local = (d: Date) =>
      new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByLabel("From").fill(local(new Date(now.getTime() - 86_400_000)));
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByText(/^Events 1–1 matching the filters/).waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toMatch(/Imported a roster/);
    await screenshots(page, "i-audit");

    // At phone width the first page of the whole log is long but bounded.
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.getByText(/^Events 1–50, newest first/).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      expect(await page.evaluate<number>("document.documentElement.scrollHeight")).toBeLessThan(15_000);
      await expectNoSidewaysScroll(page, "the audit log at 390 px");
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });

  it("exports the ready claims into an X12 batch file", async () => {
    await page.getByRole("link", { name: "Claims queue" }).click();
    await page.getByRole("heading", { name: "Claims queue", level: 1 }).waitFor();
    expect(await page.title()).toBe("Claims queue — Stateline");
    // The demo's claim for Sam Rivera (Cigna) is ready; its row offers the claim as files.
    const sam = page.locator("tr", { hasText: "Sam Rivera" });
    await sam.getByText("Ready to export").waitFor();
    await sam.getByRole("link", { name: /^X12 837P for Sam Rivera, / }).waitFor();
    await expectAccessible(page, "the claims queue");

    const form = page.getByRole("form", { name: "Export ready claims" });
    await form.getByLabel("Service date since").fill(daysAgo(30));
    await form.getByLabel("Format").selectOption({ label: "X12 837P" });
    await form.getByRole("button", { name: "Export ready claims" }).click();
    const done = page.getByRole("status").filter({ hasText: "Exported" });
    await done.waitFor();
    expect(await done.textContent()).toMatch(/Exported 1 claim \(interchange \d{9}\)/);
    // The claims list was reloaded: Sam's claim is exported now.
    await sam.getByText("Exported", { exact: true }).waitFor();

    const batches = page.locator("section", { has: page.getByRole("heading", { name: "Batch files" }) });
    const batch = batches.locator("tbody tr").first();
    await batch.waitFor();
    expect(await batches.locator("tbody tr").count()).toBe(1);
    expect(await batch.textContent()).toMatch(/X12 837P/);
    const link = batch.getByRole("link", { name: /^Download the X12 837P batch file/ });
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/api\/v1\/claim-exports\/[0-9a-f-]{36}\/file$/);
    const file = await page.request.get(href ?? "");
    expect(file.status()).toBe(200);
    expect(file.headers()["content-disposition"]).toMatch(/^attachment/);
    const x12 = await file.text();
    expect(x12.startsWith("ISA*")).toBe(true);
    expect(x12).toContain("62308"); // Cigna's electronic payer id
    expect(x12).toContain("U7788990011"); // Sam's member ID
    await expectAccessible(page, "the claims queue after an export");
    await screenshots(page, "i-claims-queue");

    // Exported claims do not go out twice.
    await form.getByRole("button", { name: "Export ready claims" }).click();
    await page.getByRole("status").filter({ hasText: "No claims ready to export" }).waitFor();
    expect(await batches.locator("tbody tr").count()).toBe(1);
  });

  it("reads and corrects the billing settings, errors next to the field", async () => {
    // Its own signed-in page, so that it does not depend on the tests before it.
    const ops = await stack.page();
    try {
      await signIn(ops, "ops");
      await ops.getByRole("link", { name: "Billing settings" }).click();
      await ops.getByRole("heading", { name: "Billing settings", level: 1 }).waitFor();
      expect(await ops.title()).toBe("Billing settings — Stateline");
      const group = ops.locator("section", { has: ops.getByRole("heading", { name: "Billing group" }) });
      await group.getByText("2150000000").waitFor();
      const cigna = ops.locator("tr", { hasText: "Cigna" });
      expect(await cigna.locator('td[data-label="Electronic payer id"]').textContent()).toBe("62308");
      const address = group.getByText(/^350 Fifth Ave, Suite 4100, New York, NY /);
      expect(await address.textContent()).toMatch(/NY 10118-4100$/);
      const fee = ops.locator('tr[data-cpt="90837"] td[data-label="Charge"]');
      const before = await fee.textContent();

      // A 4-digit ZIP (the API wants all 9, ZIP+4): its error shows on the ZIP field, nothing is saved.
      await ops.getByRole("button", { name: "Edit billing settings" }).click();
      const zip = ops.getByLabel("ZIP code");
      await zip.fill("1011");
      await ops.getByRole("button", { name: "Save billing settings" }).click();
      const zipField = ops.locator(".field", { has: zip });
      await zipField.locator(".field__error").getByText(/ZIP/).waitFor();
      expect(await zip.getAttribute("aria-invalid")).toBe("true");
      const describedBy = (await zip.getAttribute("aria-describedby")) ?? "";
      const errorId = await zipField.locator(".field__error").getAttribute("id");
      expect(describedBy.split(" ")).toContain(errorId);
      expect(await ops.locator(".field__error").count()).toBe(1);
      await ops.getByRole("alert").filter({ hasText: "Please correct the field marked below" }).waitFor();
      // The focus goes to the field to correct.
      expect(await isFocused(zip)).toBe(true);
      await expectAccessible(ops, "the billing settings form with an error");
      await screenshot(ops, "ops-billing-settings-error");
      await ops.reload();
      await address.waitFor();
      expect(await address.textContent()).toMatch(/NY 10118-4100$/);

      // The 90837 fee in dollars: saved, and still there after a reload.
      await ops.getByRole("button", { name: "Edit billing settings" }).click();
      await ops.getByLabel("Charge ($) for 90837").fill("180.00");
      await ops.getByRole("button", { name: "Save billing settings" }).click();
      await ops.getByRole("status").filter({ hasText: "Billing settings saved" }).waitFor();
      expect(await fee.textContent()).toBe("$180.00");
      expect(before).not.toBe("$180.00");
      await ops.reload();
      await fee.waitFor();
      expect(await fee.textContent()).toBe("$180.00");
      expect(await cigna.locator('td[data-label="Electronic payer id"]').textContent()).toBe("62308");
      await expectAccessible(ops, "the billing settings");
      await screenshots(ops, "i-billing-settings");

      // At phone width neither the settings nor the form scroll sideways.
      await ops.setViewportSize({ width: 375, height: 812 });
      expect(await ops.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
      await ops.getByRole("button", { name: "Edit billing settings" }).click();
      await ops.getByLabel("ZIP code").waitFor();
      expect(await ops.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
      await screenshot(ops, "ops-billing-settings-phone");
    } finally {
      await ops.context().close();
    }
  });
});
