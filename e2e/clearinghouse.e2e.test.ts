/**
 * (h) Operations send a batch file to the clearinghouse and see what came back: the demo's ready
 * claims exported as X12 on the claims queue, "Send to clearinghouse" on the batch file, the
 * sandbox clearinghouse (in this process, on a temporary mailbox) answering, and the EDI files
 * page: the inbox read, the 837P sent and the 999, 277CA and 835 received, each labelled
 * Sandbox clearinghouse, one opened as written. axe on both pages; screenshots at 1366 and 390;
 * nothing scrolls sideways at phone width.
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

describe("the clearinghouse, for operations", () => {
  let stack: Stack;
  let dir: string;
  let sandbox: SandboxClearinghouse;
  let page: Page | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "stateline-e2e-ch-"));
    const mailbox = await new Mailbox({ dir, sandbox: true }).open();
    sandbox = new SandboxClearinghouse({ dir, watch: false });
    stack = await startStack({ clearinghouse: mailbox });
  }, 120_000);

  afterEach(async ({ task }) => screenshotIfFailed(page, task));

  afterAll(async () => {
    await sandbox.stop();
    await stack.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("sends the batch file and shows the 837P out and the 999, 277CA and 835 in", async () => {
    page = await stack.page();
    await signIn(page, "ops");
    await page.getByRole("link", { name: "Claims queue" }).first().click();
    await page.getByRole("button", { name: "Export ready claims" }).click();
    await page.getByText(/^Exported \d+ claims? \(interchange/).waitFor();
    const send = page.getByRole("button", { name: /^Send to clearinghouse/ }).first();
    await send.click();
    await page.getByText(/^Sent as/).waitFor();
    await expectAccessible(page, "claims queue after sending");

    expect(await sandbox.drain()).toBe(1);
    await page.getByRole("link", { name: "EDI files" }).first().click();
    await page.getByRole("heading", { name: "EDI files", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Read the inbox now" }).click();
    const status = page.getByRole("status").filter({ hasText: "999 acknowledgement" });
    await status.waitFor();
    await expect.poll(() => page!.locator("[data-edi-file]").count()).toBe(4);
    const rows = await page.locator("[data-edi-file]").all();
    const kinds = await Promise.all(rows.map((r) => r.getAttribute("data-kind")));
    expect(kinds.sort()).toEqual(["277CA", "835", "837P", "999"]);
    // Every file, and the connector itself, say they are the sandbox's.
    expect(await page.locator("[data-edi-file]").filter({ hasText: "Sandbox clearinghouse" }).count()).toBe(
      4,
    );
    await page.getByText("Sandbox clearinghouse (test data)").waitFor();

    await page.locator('[data-kind="277CA"]').getByRole("button").first().click();
    const view = page.getByLabel(/-277CA\.x12 as written$/);
    await view.waitFor();
    expect(await view.textContent()).toMatch(/^ISA\*00\*/);
    expect(await view.textContent()).toContain("ST*277*0001*005010X214~");
    await expectAccessible(page, "EDI files");
    await screenshots(page, "clearinghouse-edi-files");
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page, "EDI files at 390 px");
  }, 120_000);
});
