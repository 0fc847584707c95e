/**
 * (r) A billing clerk (operations) after the payer has answered: the demo practice's claims
 * exported as an 837P, answered by the sandbox clearinghouse's 835 and taken in through the
 * inbox; the remittance list (payer, EFT number, date, totals balanced, the Sandbox label), one
 * remittance with each claim and its adjustments in words, and the denials queue, where a claim
 * is corrected and resubmitted with the payer's claim number prefilled and leaves the queue.
 * axe on every page; screenshots at 1366 and 390; nothing scrolls sideways at phone width.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../src/app/actor.js";
import type { Clearinghouse, IncomingFile } from "../src/app/clearinghouse-port.js";
import { processInbox } from "../src/app/clearinghouse.js";
import { exportClaims } from "../src/app/claim-files.js";
import { sandbox835, sandboxOutcome } from "../src/clearinghouse/sandbox-835.js";
import { readX12 } from "../src/formats/x12.js";
import {
  expectAccessible,
  expectNoSidewaysScroll,
  pastVideoSession,
  screenshotIfFailed,
  screenshots,
  signIn,
  startStack,
  type Stack,
} from "./support.js";

const DAY = 86_400_000;

/** The inbox as processInbox reads it: the sandbox's answer, taken once kept. */
class Inbox implements Clearinghouse {
  readonly label = "Sandbox clearinghouse (test data)";
  readonly sandbox = true;
  constructor(public files: IncomingFile[]) {}
  submit(): Promise<void> {
    return Promise.resolve();
  }
  poll(): Promise<IncomingFile[]> {
    return Promise.resolve(this.files);
  }
  taken(file: IncomingFile): Promise<void> {
    this.files = this.files.filter((f) => f !== file);
    return Promise.resolve();
  }
}

/**
 * Sam Rivera's sessions last fortnight, confirmed, until one claim's number is one the sandbox
 * denies; then every ready claim exported and the sandbox's 835 posted.
 */
async function payerAnswers(stack: Stack): Promise<void> {
  const { store } = stack;
  const { geo } = stack;
  const now = new Date();
  const sam = (await store.clients.list(null)).find((c) => c.name === "Sam Rivera");
  if (!sam) throw new Error("no demo client Sam Rivera");
  const home = (await store.clients.locations(sam.id)).find((l) => l.kind === "home");
  for (let i = 0; i < 6; i++) {
    const startsAt = new Date(now.getTime() - (9 + i) * DAY);
    startsAt.setUTCHours(15, 0, 0, 0);
    const claim = await pastVideoSession(store, geo, sam.id, startsAt, {
      clientLocationId: home?.id ?? null,
    });
    if (sandboxOutcome(claim.number) === "denied") break;
  }
  await store.claimFiles.release(now);
  const since = new Date(now.getTime() - 30 * DAY).toISOString().slice(0, 10);
  const exported = await exportClaims(store, geo, SYSTEM, { since, format: "x12", usage: "T" }, now);
  if (!exported.content) throw new Error("nothing exported");
  const answer = sandbox835(
    readX12(exported.content),
    { interchangeControlNumber: 880001, groupControlNumber: 880001, createdAt: now, usage: "T" },
    now.toISOString().slice(0, 10),
  );
  if (!answer) throw new Error("the sandbox answered nothing");
  const report = await processInbox(
    store,
    new Inbox([{ name: "835-sandbox.x12", content: answer }]),
    null,
    now,
  );
  expect(report.files.map((f) => f.status)).toEqual(["processed"]);
}

describe("(r) remittance and denials", { timeout: 90_000 }, () => {
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    await payerAnswers(stack);
    page = await stack.page({ width: 1366, height: 900 });
    await signIn(page, "ops");
  });
  afterAll(async () => stack.close());
  afterEach(async ({ task }) => screenshotIfFailed(page, task));

  it("reads the remittance, corrects a denied claim and resubmits it, at desktop and phone width", async () => {
    // The remittance list: payer, EFT number, totals that balance, and the sandbox said so.
    await page.getByRole("link", { name: "Remittances" }).first().click();
    await page.getByRole("heading", { name: "Remittances", level: 1 }).waitFor();
    const row = page.locator("tr[data-remittance]").first();
    await row.waitFor();
    expect(await row.textContent()).toMatch(/CIGNA/);
    expect(await row.textContent()).toMatch(/EFT \(ACH\) \d+/);
    expect(await row.textContent()).toMatch(/Balanced/);
    expect(await row.textContent()).toMatch(/Sandbox clearinghouse/);
    expect(await page.title()).toBe("Remittances — Stateline");
    await expectAccessible(page, "Remittances");
    await screenshots(page, "ops-remittances");

    // One remittance: each claim with its adjustments in words.
    await row.getByRole("link", { name: "CIGNA" }).click();
    await page.getByRole("heading", { name: /^CIGNA.* · EFT \(ACH\) \d+$/, level: 1 }).waitFor();
    await page
      .getByText(/Claim payments \$[\d,.]+ − provider-level adjustments -\$[\d.]+ = \$[\d,.]+/)
      .waitFor();
    await page
      .getByText(/^CO-45 Charge exceeds fee schedule/)
      .first()
      .waitFor();
    await page.locator("[data-claim-payment]", { hasText: "Denied" }).first().waitFor();
    await expectAccessible(page, "Remittance");
    await screenshots(page, "ops-remittance");

    // The denials queue: reasons in words; correct and resubmit with the payer's number prefilled.
    await page.getByRole("link", { name: "Denials" }).first().click();
    await page.getByRole("heading", { name: "Denials", level: 1 }).waitFor();
    const denied = page.locator("tr[data-denial]", { hasText: "Denied" }).first();
    await denied.waitFor();
    const number = (await denied.getAttribute("data-denial")) ?? "";
    expect(await denied.textContent()).toMatch(/CO-(197|50|109|96) /);
    const before = await page.locator("tr[data-denial]").count();
    await expectAccessible(page, "Denials");
    await screenshots(page, "ops-denials");

    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page, "Denials at phone width");
    await denied.getByRole("button", { name: `Correct and resubmit claim ${number}` }).click();
    const dialog = page.getByRole("dialog", { name: `Correct and resubmit claim ${number}` });
    await dialog.waitFor();
    expect(await dialog.getByLabel("Payer claim control number").inputValue()).toMatch(/^SBX\d+$/);
    await dialog.getByLabel("Corrected diagnoses").fill("F43.23, F41.1");
    await expectAccessible(page, "Correct and resubmit");
    await dialog.getByRole("button", { name: "Resubmit" }).click();
    await page.getByText(`Claim ${number} resubmitted`).waitFor();
    await expect.poll(() => page.locator(`tr[data-denial="${number}"]`).count()).toBe(0);
    expect(await page.locator("tr[data-denial]").count()).toBe(before - 1);
    await expectNoSidewaysScroll(page, "Denials after resubmitting");
    await page.setViewportSize({ width: 1366, height: 900 });
  });
});
