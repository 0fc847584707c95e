/**
 * The contract's public cases (the help article's own examples), run through the command line
 * exactly as the outside acceptance suites drive it.
 */
import { existsSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, stateline, type Run } from "../support/cli.js";

interface SeedCase {
  id: string;
  note: string;
  expect?: Record<string, unknown> & { reasons?: string[]; requirements?: string[] };
  expectError?: string;
  [k: string]: unknown;
}

const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8")) as SeedCase[];
const strip = ({ expect: _e, expectError: _x, note: _n, ...rest }: SeedCase) => rest;

describe.each([
  ["seed.json", read("seed.json")],
  ["v2.json", read("v2.json")],
])("contract cases (%s) through `stateline evaluate -`", (_file, seed) => {
  const good = seed.filter((c) => !c.expectError);
  let run: Run;
  let out: Record<string, unknown>[] = [];
  beforeAll(async () => {
    run = await stateline(["evaluate", "-"], good.map(strip));
    out = JSON.parse(run.stdout) as Record<string, unknown>[];
  });

  it("evaluates every case, in order, with exit status 0", () => {
    expect(run.status).toBe(0);
    expect(out.map((d) => d.id)).toEqual(good.map((c) => c.id));
  });

  for (const [i, c] of good.entries()) {
    it(`${c.id}: ${c.note}`, () => {
      const d = out[i] ?? {};
      const e = c.expect ?? {};
      for (const k of ["outcome", "basis", "billTo", "homePlan", "state"])
        if (k in e) expect(d[k], k).toEqual(e[k]);
      const have = (k: string) => ((d[k] as { code: string }[] | undefined) ?? []).map((r) => r.code);
      for (const code of e.reasons ?? []) expect(have("reasons")).toContain(code);
      for (const code of e.requirements ?? []) expect(have("requirements")).toContain(code);
      if (d.outcome === "billable" && d.basis !== "crisis") {
        expect(d.license).not.toBeNull();
        expect(d.credential).not.toBeNull();
      }
      if (e.reasons?.[0]) expect(have("reasons")[0]).toBe(e.reasons[0]);
    });
  }
});

const checker = new URL("../../../shared/contract/check.mjs", import.meta.url);
describe.runIf(existsSync(checker))("the contract's own checker", () => {
  it("passes every seed and v2 case", () => {
    const r = spawnSync(
      process.execPath,
      [checker.pathname, "test/fixtures/seed.json", "test/fixtures/v2.json"],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(r.stdout).toContain("24 passed, 0 failed");
    expect(r.status).toBe(0);
  });
});
