/**
 * Operations in the browser: the payer catalogue and BCBS map with sources; a roster import with
 * one bad row (its error on the row, nothing imported), fixed and imported; the audit log.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot, signIn, startStack, type Stack } from "./support.js";

/** Maya Chen's NPI in the demo practice. */
const MAYA = "1234567893";
const ROSTER = [
  "npi,payer,state,network,status,effective_from,effective_to",
  `${MAYA},cigna,NJ,standard,active,2026-01-01,`,
  `${MAYA},acme-health,PA,standard,active,2026-01-01,`,
  `${MAYA},bcbs-ma,TX,virtual,active,2024-01-01,2028-12-31`,
  "",
].join("\n");

describe("operations", { timeout: 60_000 }, () => {
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    page = await stack.page();
  });
  afterAll(async () => stack.close());

  it("reads the payer catalogue and a Blue plan's area, with sources", async () => {
    await signIn(page, "ops");
    await page.getByRole("heading", { name: "Payers & BCBS map", level: 1 }).waitFor();
    await page.locator('path.map__state[data-state="NY"]').waitFor();
    expect(await page.locator('path.map__state[data-state="NY"]').getAttribute("aria-label")).toMatch(
      /Excellus/,
    );
    await page.getByLabel("Show a plan's area").selectOption("excellus-ny");
    await page.getByRole("heading", { name: /Excellus/, level: 3 }).waitFor();
    expect(await page.locator(".plan-area").textContent()).toMatch(/count(y|ies)/);
    expect(await page.locator(".plan-area a").count()).toBeGreaterThan(0);
    await screenshot(page, "ops-payers", false);
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
    await screenshot(page, "ops-roster-preview-error");

    const editor = page.getByLabel("Or paste or edit the rows here");
    await editor.fill(ROSTER.replace("acme-health,PA", "aetna,PA"));
    await page.getByRole("button", { name: "Check the file" }).click();
    await page.getByText(/3 rows: 3 ready/).waitFor();
    await importButton.click();
    const done = page.getByRole("status").filter({ hasText: "Roster imported" });
    await done.waitFor();
    expect(await done.textContent()).toMatch(/2 added, 1 updated/);
    await screenshot(page, "ops-roster-imported");
  });

  it("finds the import in the audit log", async () => {
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.getByLabel("Action").fill("roster.commit");
    await page.getByRole("button", { name: "Search" }).click();
    await page.locator("tr", { hasText: "roster.commit" }).waitFor();
    expect(await page.locator("tbody tr").count()).toBe(1);
    await screenshot(page, "ops-audit");
  });
});
