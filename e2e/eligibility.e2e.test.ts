/**
 * Eligibility in the browser: Maya opens Jordan Lee's page, presses "Verify coverage", and the
 * sandbox clearinghouse (in this process, on a temporary mailbox) answers the 270 with its 271:
 * the answer in words with the costs, the Sandbox clearinghouse label and the date checked; then
 * Alex Kim's plan reads inactive since the day it ended, and the history lists the earlier
 * checks. axe on the page; screenshots at 1366 and 390; nothing scrolls sideways at phone width.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Mailbox } from "../src/clearinghouse/mailbox.js";
import { SandboxClearinghouse } from "../src/clearinghouse/sandbox.js";
import {
  expectAccessible,
  expectNoSidewaysScroll,
  screenshotIfFailed,
  screenshots,
  signIn,
  startStack,
  type Stack,
} from "./support.js";

describe("eligibility, for a provider", () => {
  let stack: Stack;
  let dir: string;
  let sandbox: SandboxClearinghouse;
  let page: Page | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "stateline-e2e-eligibility-"));
    const mailbox = await new Mailbox({ dir, sandbox: true }).open();
    sandbox = new SandboxClearinghouse({ dir, pollMs: 100 });
    await sandbox.start();
    stack = await startStack({ clearinghouse: mailbox });
  }, 120_000);

  afterEach(async ({ task }) => screenshotIfFailed(page, task));

  afterAll(async () => {
    await sandbox.stop();
    await stack.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("verifies coverage and shows the payer's answer in words, labelled sandbox, with the history", async () => {
    page = await stack.page({ width: 1366, height: 900 });
    await signIn(page, "maya");
    await page.getByRole("link", { name: "Jordan Lee" }).first().click();
    await page.getByRole("heading", { name: "Eligibility", level: 2 }).waitFor();
    await page.getByRole("button", { name: "Verify coverage" }).click();
    const section = page.locator("section.eligibility");
    await section
      .getByText(
        "Active PPO, mental health in network: $30 co-pay; deductible $400 of $1,500 left; out of network: 40% co-insurance; deductible $3,000 of $3,000 left",
      )
      .waitFor();
    expect(await section.getByText("Sandbox clearinghouse").count()).toBeGreaterThan(0);
    expect(await section.textContent()).toMatch(/Checked .* by Maya R\. Chen, LCSW/);
    expect(
      await section.getByRole("list", { name: "Outpatient mental health costs" }).textContent(),
    ).toContain("In network: $30 co-pay");
    await expectAccessible(page, "a client's page with an eligibility answer");
    await screenshots(page, "eligibility-active");

    // Alex Kim's plan ended: the answer says since when; a second check puts the first in the history.
    await page.goto("/clients");
    await page.getByRole("link", { name: "Alex Kim" }).first().click();
    await page.getByRole("button", { name: "Verify coverage" }).click();
    await section.getByText("Inactive since 2026-10-31").waitFor();
    await page.getByRole("button", { name: "Verify coverage" }).click();
    // The demo queued a check when the coverage was added (no send job runs here): it is the oldest.
    await section.getByText("Earlier checks (2)").click();
    expect(await section.locator(".eligibility__history li").first().textContent()).toContain(
      "Inactive since 2026-10-31",
    );
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page, "a client's page with eligibility, at 390 px");
    await expectAccessible(page, "the eligibility history at 390 px");
    await screenshots(page, "eligibility-inactive");
  });
});
