/**
 * `stateline recheck` as operations run it daily (in this process; smoke.int.test.ts spawns the
 * built command): against an embedded database in a data folder (STATELINE_DATA), after a change
 * made behind the app's back.
 */
import "../support/env.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemo } from "../../src/app/demo.js";
import { loadReference } from "../../src/reference/catalogue.js";
import { connect, migrate } from "../../src/store/db.js";
import { createStore } from "../../src/store/store.js";
import { stateline } from "../support/cli.js";

const TODAY = new Date().toISOString().slice(0, 10);

interface Report {
  checkedOn: string;
  providers: number;
  sessionsChecked: number;
  atRisk: number;
  opened: number;
  resolved: number;
  open: number;
  byProvider: { providerName: string; sessionsChecked: number; atRisk: number; open: number }[];
  alerts: { kind: string; message: string; fix: string | null; daysLeft: number | null }[];
}

describe("stateline recheck", () => {
  let dir: string;

  const recheck = (...args: string[]) =>
    stateline(["recheck", ...args], undefined, {
      STATELINE_DATA: dir,
      DATABASE_URL: undefined,
      MIGRATION_DATABASE_URL: undefined,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "stateline-recheck-"));
    const db = await connect({ dataDir: dir });
    try {
      await migrate(db);
      const store = createStore(db.kysely);
      await store.transaction((tx) => loadDemo(tx, loadReference(), TODAY));
      // Behind the app's back (no use case, so no re-check): Maya's Cigna credential in New York
      // is terminated. Sam's session from home, in two days, can no longer be billed.
      const maya = (await store.providers.list()).find((p) => p.name.startsWith("Maya"));
      const file = maya ? await store.providers.file(maya.id) : undefined;
      const cigna = file?.credentials.find((c) => c.payer === "cigna" && c.state === "NY");
      if (!cigna) throw new Error("the demo has no Cigna credential for Maya");
      const { id, providerId: _p, ...fields } = cigna;
      await store.providers.updateCredential(id, { ...fields, status: "terminated" });
    } finally {
      await db.close();
    }
  }, 120_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("re-checks everything and prints a table per provider, then the open alerts with their fixes", async () => {
    const r = await recheck("--date", TODAY);
    expect(r.stderr).toContain(`Database: embedded PostgreSQL in ${dir}`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Re-checked 2 providers and 4 upcoming sessions as of ${TODAY}.`);
    // Sam: in two days from home (Cigna terminated) and during the Florida trip (no license);
    // Jordan: from the dorm stays billable (BlueCard), during the Rochester trip not (Excellus).
    expect(r.stdout).toContain("3 sessions at risk; alerts: 1 opened, 0 resolved, 4 open.");
    expect(r.stdout).toMatch(/Provider\s+Sessions\s+At risk\s+Opened\s+Resolved\s+Open/);
    expect(r.stdout).toMatch(/Maya R\. Chen, LCSW\s+4\s+3\s+1\s+0\s+4/);
    expect(r.stdout).toMatch(/Luis A\. Ortega Jr\., PsyD\s+0\s+0\s+0\s+0\s+0/);
    expect(r.stdout).toContain("Open alerts (4):");
    expect(r.stdout).toMatch(/upcoming session with Sam\s+Rivera is at risk/);
    expect(r.stdout).toMatch(/Florida/);
    expect(r.stdout).toMatch(/New Jersey LCSW license is valid until [0-9-]+: 21 days left/);
    expect(r.stdout).toContain("Fix:");
    // No progress line when standard error is not a terminal.
    expect(r.stderr).not.toContain("Re-checking");
  });

  it("a second run changes nothing; --json gives the counts and the open alerts", async () => {
    const r = await recheck("--date", TODAY, "--json");
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report).toMatchObject({
      checkedOn: TODAY,
      providers: 2,
      sessionsChecked: 4,
      atRisk: 3,
      opened: 0,
      resolved: 0,
      open: 4,
    });
    expect(report.alerts.map((a) => a.kind).sort()).toEqual([
      "license_expiring",
      "sessions_at_risk",
      "sessions_at_risk",
      "sessions_at_risk",
    ]);
    expect(report.alerts.find((a) => a.kind === "license_expiring")?.daysLeft).toBe(21);
  });

  it("refuses bad options with exit status 2", async () => {
    const date = await recheck("--date", "05/01/2026");
    expect(date.status).toBe(2);
    expect(date.stderr).toContain('--date: expected YYYY-MM-DD, got "05/01/2026"');
    const provider = await recheck("--provider", "00000000-0000-4000-8000-000000000000");
    expect(provider.status).toBe(2);
    expect(provider.stderr).toContain("--provider: no provider has the id");
  });

  it("has help with examples", async () => {
    const r = await recheck("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Usage: stateline recheck");
    expect(r.stdout).toContain("Examples:");
  });
});
