/**
 * `stateline claims export` as operations run it (in this process; smoke.int.test.ts spawns the
 * built command): against the demo's embedded database, where Sam's claim from last week is ready.
 */
import "../support/env.js";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { X12Parser, type X12Interchange } from "node-x12";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemo } from "../../src/app/demo.js";
import { loadReference } from "../../src/reference/catalogue.js";
import { connect, migrate } from "../../src/store/db.js";
import { createStore } from "../../src/store/store.js";
import { stateline } from "../support/cli.js";

const TODAY = new Date().toISOString().slice(0, 10);
const LAST_MONTH = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);

describe("stateline claims export", () => {
  let dir: string;

  const claims = (...args: string[]) =>
    stateline(["claims", ...args], undefined, {
      STATELINE_DATA: join(dir, "data"),
      DATABASE_URL: undefined,
      MIGRATION_DATABASE_URL: undefined,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "stateline-claims-"));
    const db = await connect({ dataDir: join(dir, "data") });
    try {
      await migrate(db);
      await createStore(db.kysely).transaction((tx) => loadDemo(tx, loadReference(), TODAY));
    } finally {
      await db.close();
    }
  }, 120_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses bad options with exit status 2 and says which", async () => {
    const since = await claims("export", "--since", "last week", "--format", "x12");
    expect(since.status).toBe(2);
    expect(since.stderr).toContain('--since: expected a service date YYYY-MM-DD, got "last week"');
    const format = await claims("export", "--since", LAST_MONTH, "--format", "pdf");
    expect(format.status).toBe(2);
    expect(format.stderr).toContain('--format: expected x12 or fhir, got "pdf"');
    const help = await claims("export", "--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: stateline claims export");
    expect(help.stdout).toContain("Examples:");
  });

  /** Sets the member ID on every claim in the demo's database (null: the card is missing). */
  async function setMemberIds(memberId: string | null) {
    const db = await connect({ dataDir: join(dir, "data") });
    try {
      await db.kysely.updateTable("claims").set({ member_id: memberId }).execute();
    } finally {
      await db.close();
    }
  }

  it("names a bad claim and leaves it out (exit 1 when nothing is left); --all-or-nothing writes nothing either", async () => {
    await setMemberIds(null);
    const out = join(dir, "never.x12");
    const strict = await claims(
      "export",
      "--since",
      LAST_MONTH,
      "--format",
      "x12",
      "--all-or-nothing",
      "--out",
      out,
    );
    expect(strict.status, strict.stderr).toBe(1);
    expect(strict.stderr).toContain("Nothing was exported: some claims lack what a payer needs.");
    expect(strict.stderr).toMatch(/claims\.[0-9a-f-]{36}\.coverage\.memberId: the member ID/);
    const lenient = await claims("export", "--since", LAST_MONTH, "--format", "x12", "--out", out);
    expect(lenient.status, lenient.stderr).toBe(1);
    expect(lenient.stderr).toContain("Left out 1 claim(s) that lack what a payer needs:");
    expect(lenient.stderr).toMatch(/claims\.[0-9a-f-]{36}\.coverage\.memberId \(SL\d{8}\): the member ID/);
    expect(lenient.stderr).toContain("Nothing was exported: fix the claims above and export again.");
    expect(existsSync(out)).toBe(false);
    await setMemberIds("U7788990011");
  });

  it("writes the ready claims as one X12 interchange, then finds nothing more to send", async () => {
    const out = join(dir, "batch.x12");
    const r = await claims("export", "--since", LAST_MONTH, "--format", "x12", "--out", out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Exported 1 claim\(s\) as X12 837P \(interchange \d{9}\) to /);
    // Progress in a log: one line at the end.
    expect(r.stderr).toContain("100%  1/1 claims");
    const ix = new X12Parser(true).parse(readFileSync(out, "utf8")) as X12Interchange;
    const segs = ix.functionalGroups.flatMap((g) => g.transactions.flatMap((t) => t.segments));
    const payer = segs.find((s) => s.tag === "NM1" && s.elements[0]?.value === "PR");
    expect(payer?.elements[2]?.value).toBe("CIGNA HEALTHCARE");
    expect(payer?.elements[8]?.value).toBe("62308");
    const subscriber = segs.find((s) => s.tag === "NM1" && s.elements[0]?.value === "IL");
    expect(subscriber?.elements[8]?.value).toBe("U7788990011");

    const again = await claims(
      "export",
      "--since",
      LAST_MONTH,
      "--format",
      "fhir",
      "--out",
      join(dir, "b.json"),
    );
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain(
      `No claims ready to submit with a service date on or after ${LAST_MONTH}.`,
    );
  });
});
