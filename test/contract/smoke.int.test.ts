/**
 * The packaging: each command once through the built `stateline` (bin/stateline.js → dist/,
 * rebuilt by the global setup when src/ is newer), as a child process. The other contract tests
 * call `main` in-process; these check that what npm installs starts and answers.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT, spawnStateline } from "../support/cli.js";

const license = { state: "NY", type: "LCSW", status: "active", validFrom: "2020-01-01", validTo: null };
const credential = { payer: "aetna", state: "NY", network: "standard", status: "active" };
const aCase = {
  id: "smoke",
  provider: { licenses: [license], credentials: [credential] },
  client: { coverage: { payer: "aetna" } },
  session: { date: "2026-05-01", modality: "telehealth", clientLocation: { state: "NY", zip: "10027" } },
};

describe.concurrent("the built stateline command", () => {
  it("evaluate - decides a case from standard input", async () => {
    const r = await spawnStateline(["evaluate", "-"], [aCase]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject([{ id: "smoke", outcome: "billable", billTo: "aetna" }]);
  });

  it("evaluate refuses malformed input with exit status 2", async () => {
    const r = await spawnStateline(["evaluate", "-"], "{not json");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/not valid JSON/);
  });

  it("guidance - gives one decision per place", async () => {
    const r = await spawnStateline(["guidance", "-"], {
      provider: { ...aCase.provider, practiceLocations: [{ state: "NY", zip: "10001" }] },
      client: { coverage: { payer: "aetna" }, locations: [{ state: "NJ", zip: "07030" }] },
      date: "2026-05-01",
    });
    expect(r.status, r.stderr).toBe(0);
    const places = JSON.parse(r.stdout) as { modality: string; decision: { outcome: string } }[];
    expect(places.map((p) => [p.modality, p.decision.outcome])).toEqual([
      ["in_person", "billable"],
      ["telehealth", "not_billable"],
    ]);
  });

  it("explain - tells the decision for a person", async () => {
    const r = await spawnStateline(["explain", "-"], aCase);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("smoke");
    expect(r.stdout).toMatch(/Billable/);
  });

  it("where --zip names the local Blue plan", async () => {
    const r = await spawnStateline(["where", "--zip", "14604"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("excellus-ny");
  });

  it("payers prints the catalogue as JSON", async () => {
    const r = await spawnStateline(["payers"]);
    expect(r.status, r.stderr).toBe(0);
    const payers = JSON.parse(r.stdout) as { id: string }[];
    expect(payers.map((p) => p.id)).toContain("aetna");
  });

  it("compacts --state answers for a state", async () => {
    const r = await spawnStateline(["compacts", "--state", "CO", "--date", "2026-12-01"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("Colorado on 2026-12-01");
  });

  // The database commands: their help (they need a database to do more). `main` answers --help
  // before it imports the command's own module, so the modules are loaded from dist/ below.
  it.each([
    ["claims export --help", "Usage: stateline claims export"],
    ["recheck --help", "Usage: stateline recheck"],
    ["audit --help", "Usage: stateline audit verify"],
    ["user --help", "Usage: stateline user add"],
    ["serve --help", "Usage: stateline serve"],
  ])("%s", async (args, usage) => {
    const r = await spawnStateline(args.split(" "));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(usage);
    expect(r.stdout).toContain("Example");
  });

  it("the database commands' modules load from dist/ (imported only when they run)", async () => {
    const load = (name: string) =>
      import(pathToFileURL(join(ROOT, "dist/cli", `${name}.js`)).href) as Promise<Record<string, unknown>>;
    const [claims, recheck, audit, serve] = await Promise.all(
      ["claims", "recheck", "audit", "serve"].map(load),
    );
    expect(typeof claims?.runClaims).toBe("function");
    expect(typeof recheck?.runRecheckCommand).toBe("function");
    expect(typeof audit?.runAudit).toBe("function");
    expect(typeof serve?.runServe).toBe("function");
    expect(typeof serve?.runUser).toBe("function");
  });
});
