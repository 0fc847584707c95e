/**
 * `npm run bench`: decision throughput, printed beside baselines measured in the same run.
 *
 * - 100,000 generated cases (1–10 licenses, 1–40 credentials per provider; payers and places
 *   in a realistic mix: mostly clients where their provider practises, some travelling,
 *   commuting across split Blue states, moved away, in crisis), written to one JSON file.
 * - The engine alone, two ways: in the pipeline (each case decided right after its schema check,
 *   as `evaluate` and the API do; engine time = (check + decide) − check), and cold (every case
 *   decided long after parsing, its data out of the CPU cache). Median of 7 rounds, one core; the
 *   pipeline's share is the median of the per-round differences (each round times the check alone
 *   and check + decide back to back), which a busy machine disturbs far less than a difference of
 *   two medians taken apart.
 * - The engine alone by outcome (cold): billable, not billable and incomplete answers cost
 *   differently, refusals most (they word every blocking reason and look for other places).
 * - The data walk: reading each license and credential of every case once, in the same order.
 *   No engine can answer without reading them, so this is the floor under any engine figure.
 * - The command line end to end: `stateline evaluate FILE`, a fresh process, output discarded.
 * - The floor: a fresh `node` process that only reads, parses and re-serialises the same JSON.
 *
 * Goals: the engine alone ≥ 1,000,000 decisions/s; `evaluate` within 3× the JSON floor.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isCase, parseCases } from "../src/contract/validate.js";
import type { CaseInput, CredentialInput, LicenseInput } from "../src/contract/schema.js";
import { loadReference } from "../src/reference/catalogue.js";
import type { StateCode } from "../src/contract/states.js";
import { decide } from "../src/rules/decide.js";
import type { Decision } from "../src/rules/decision.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const N = Number(process.env.BENCH_CASES ?? 100_000);
const OUT = `${ROOT}.bench`;
const ROUNDS = 7;

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same cases. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => {
      const x = xs[Math.floor(next() * xs.length)];
      if (x === undefined) throw new Error("pick from an empty list");
      return x;
    },
    chance: (p: number) => next() < p,
  };
}

/** Mostly PPO, as commercial caseloads are; some HMO/EPO, exchange, Medicaid, Medicare Advantage, FEP. */
const PRODUCT_MIX = [
  "ppo",
  "ppo",
  "ppo",
  "hmo",
  "ppo",
  "pos",
  "epo",
  "ppo",
  "exchange",
  "ppo",
  "medicare_advantage",
  "ppo",
  "fep",
  "medicaid",
] as const;

function generate(n: number): CaseInput[] {
  const geo = loadReference();
  const r = rng(20261127);
  const payers = geo.payers();
  const national = payers.filter((p) => p.kind === "national").map((p) => p.id);
  const blues = payers.filter((p) => p.kind === "bcbs");
  const bluesIn = new Map<StateCode, string[]>();
  for (const p of blues) for (const s of p.states) bluesIn.set(s, [...(bluesIn.get(s) ?? []), p.id]);

  // Real ZIP codes by state, from the shipped data.
  const zipsByState = new Map<StateCode, string[]>();
  for (const z of geo.zipCodes()) {
    const list = zipsByState.get(z.state) ?? [];
    list.push(z.zip);
    zipsByState.set(z.state, list);
  }
  const busy: StateCode[] = [
    "NY",
    "CA",
    "TX",
    "FL",
    "PA",
    "IL",
    "MA",
    "NJ",
    "VA",
    "WA",
    "MO",
    "NC",
    "GA",
    "OH",
    "MI",
    "KS",
    "CO",
    "MD",
  ];
  const states = [...zipsByState.keys()].filter((s) => (bluesIn.get(s)?.length ?? 0) > 0);
  const someState = () => (r.chance(0.8) ? r.pick(busy) : r.pick(states));
  const day = (from: number, to: number) =>
    new Date(Date.UTC(2020, 0, 1) + r.int(from, to) * 86_400_000).toISOString().slice(0, 10);
  const place = (s: StateCode) => {
    const zips = zipsByState.get(s) ?? [];
    const loc: { state: StateCode; zip?: string; line1?: string } = { state: s };
    if (zips.length > 0 && r.chance(0.93)) loc.zip = r.pick(zips);
    if (r.chance(0.3)) loc.line1 = `${r.int(1, 9999)} Main St`;
    return loc;
  };

  const cases: CaseInput[] = [];
  for (let i = 0; i < n; i++) {
    const nLic = r.int(1, 10);
    const nCred = r.int(1, 40);
    const licStates: StateCode[] = [];
    const licenses: LicenseInput[] = [];
    for (let k = 0; k < nLic; k++) {
      const s = someState();
      licStates.push(s);
      const lapsed = r.chance(0.02);
      licenses.push({
        state: s,
        type: r.pick(["LCSW", "LPC", "LMFT", "PsyD", "MD", "PMHNP"]),
        status: r.chance(0.98)
          ? "active"
          : r.pick(["probation", "expired", "inactive", "suspended"] as const),
        validFrom: day(0, 1500),
        validTo: lapsed ? day(1500, 2300) : r.chance(0.3) ? null : day(2400, 3600),
        // A PSYPACT privilege rests on the provider's first license (contract v2, rule 2a).
        ...(r.chance(0.1)
          ? { telehealthOnly: true, source: "PSYPACT" as const, homeState: licStates[0] ?? s }
          : {}),
      });
    }
    const credentials: CredentialInput[] = [];
    for (let k = 0; k < nCred; k++) {
      const s = r.chance(0.92) ? r.pick(licStates) : someState();
      const local = bluesIn.get(s) ?? [];
      const virtual = r.chance(0.05);
      credentials.push({
        payer: virtual
          ? r.pick(blues).id
          : local.length > 0 && r.chance(0.45)
            ? r.pick(local)
            : r.pick(national),
        state: s,
        network: virtual ? "virtual" : "standard",
        status: r.chance(0.94) ? "active" : r.pick(["pending", "terminated"] as const),
        effectiveFrom: r.chance(0.2) ? null : day(0, 2300),
        effectiveTo: r.chance(0.95) ? null : day(1500, 3000),
      });
    }
    // The client: usually on a plan the provider takes, usually where that credential is (as on
    // a real caseload); some travel, commute across split Blue states, or have moved away.
    const taken = r.pick(credentials);
    const homeState = r.chance(0.9) ? taken.state : someState();
    const payer = r.chance(0.85) ? taken.payer : r.chance(0.5) ? r.pick(national) : r.pick(blues).id;
    const travelling = r.chance(0.1);
    const where = r.chance(0.02) ? undefined : place(travelling ? someState() : homeState);
    const session: CaseInput["session"] = {
      date: day(2200, 2600),
      modality: r.chance(0.85) ? "telehealth" : "in_person",
      ...(where ? { clientLocation: where } : {}),
      ...(r.chance(0.03) ? { crisis: true } : {}),
    };
    cases.push({
      id: `bench-${i}`,
      provider: { licenses, credentials },
      client: {
        coverage: {
          payer,
          memberId: `XYZ${String(r.int(100000, 999999))}`,
          ...(r.chance(0.05) ? { bluecard: false } : {}),
          // Products (v2, rules 12 and 13), from the case number so the draws above stay as they were.
          ...(i % 3 === 0 ? {} : { product: PRODUCT_MIX[i % PRODUCT_MIX.length] }),
          effectiveFrom: r.chance(0.5) ? null : day(0, 2000),
          effectiveTo: r.chance(0.98) ? null : day(2000, 2500),
        },
      },
      session,
    });
  }
  return cases;
}

function timeChild(args: string[], input: string): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 1 << 26,
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0)
    throw new Error(`${args.join(" ")} ${input} exited ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

function main() {
  mkdirSync(OUT, { recursive: true });
  const file = `${OUT}/cases-${N}.json`;
  process.stderr.write(`Generating ${fmt(N)} cases… `);
  let t = performance.now();
  const cases = generate(N);
  writeFileSync(file, JSON.stringify(cases));
  const mb = statSync(file).size / 1e6;
  process.stderr.write(`${(performance.now() - t).toFixed(0)} ms, ${mb.toFixed(0)} MB\n`);

  // Engine alone, on validated cases as the CLI has them.
  const text = readFileSync(file, "utf8");
  const parsed = parseCases(JSON.parse(text));
  if (!parsed.ok) throw new Error("generated cases do not validate");
  const geo = loadReference();
  const list = parsed.value;
  const byOutcome: Record<Decision["outcome"], CaseInput[]> = {
    billable: [],
    not_billable: [],
    incomplete: [],
  };
  for (const c of list) byOutcome[decide(c, geo).outcome].push(c);
  let sink = 0;
  /** Median time of ROUNDS runs of `body`, with progress on standard error. */
  const timed = (label: string, body: () => void): number => {
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      process.stderr.write(`\r${label}: round ${round + 1}/${ROUNDS}   `);
      const start = performance.now();
      body();
      times.push(performance.now() - start);
    }
    process.stderr.write(`\n`);
    return median(times);
  };
  // The least any engine must do with this input: read each license and credential once.
  const walkMs = timed("Data walk", () => {
    for (const c of list) {
      for (const l of c.provider.licenses) if (l.state === "NY") sink++;
      for (const cr of c.provider.credentials) if (cr.state === "NY") sink++;
    }
  });
  // Cold: every case decided long after it was parsed (its data no longer in the CPU cache).
  const coldMs = timed("Engine alone, cold", () => {
    for (const c of list) sink += decide(c, geo).reasons.length;
  });
  // In the pipeline, as `evaluate` and the API run it: each case decided right after its schema
  // check touched it. The engine's share is the difference with the check alone.
  const checked: number[] = [];
  const engine: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    process.stderr.write(`\rEngine in the pipeline: round ${round + 1}/${ROUNDS}`);
    t = performance.now();
    for (const c of list) if (isCase(c)) sink++;
    checked.push(performance.now() - t);
    t = performance.now();
    for (const c of list) if (isCase(c)) sink += decide(c, geo).reasons.length;
    engine.push(performance.now() - t - (checked[round] ?? 0));
  }
  process.stderr.write(`\n`);
  // Cold, by outcome: what each kind of answer costs (refusals word reasons and look for other places).
  const perOutcome = (Object.keys(byOutcome) as Decision["outcome"][]).map((outcome) => {
    const group = byOutcome[outcome];
    const ms = timed(`Engine alone by outcome, ${outcome}`, () => {
      for (const c of group) sink += decide(c, geo).reasons.length;
    });
    return { outcome, count: group.length, micros: group.length > 0 ? (ms * 1000) / group.length : 0 };
  });
  if (sink < 0) console.log(sink);
  const validateMs = median(checked);
  const engineMs = median(engine);

  // Whole processes: the JSON floor and the CLI, alternated, median of 3 each.
  const floorScript = `const fs=require("fs");const t=fs.readFileSync(process.argv[1],"utf8");process.stdout.write(JSON.stringify(JSON.parse(t)));`;
  const floor: number[] = [];
  const cli: number[] = [];
  for (let round = 0; round < 3; round++) {
    process.stderr.write(`\rEnd to end: round ${round + 1}/3`);
    floor.push(timeChild(["-e", floorScript, file], "floor"));
    cli.push(timeChild(["bin/stateline.js", "evaluate", file], "evaluate"));
  }
  process.stderr.write("\n");
  const floorMs = median(floor);
  const cliMs = median(cli);

  const rows: [string, string, string, string][] = [
    ["measure", "time", "decisions/s", "note"],
    [
      "engine alone, in the pipeline",
      `${engineMs.toFixed(1)} ms`,
      fmt((N / engineMs) * 1000),
      "goal ≥ 1,000,000; (check + decide) − check",
    ],
    [
      "engine alone, cold cache",
      `${coldMs.toFixed(1)} ms`,
      fmt((N / coldMs) * 1000),
      "all parsed first, then decided",
    ],
    [
      "data walk (each license and credential read once)",
      `${walkMs.toFixed(1)} ms`,
      fmt((N / walkMs) * 1000),
      "baseline: the least any engine reads",
    ],
    ["schema check", `${validateMs.toFixed(0)} ms`, fmt((N / validateMs) * 1000), "compiled, per case"],
    [
      "JSON floor (node: read, parse, stringify)",
      `${floorMs.toFixed(0)} ms`,
      fmt((N / floorMs) * 1000),
      "baseline",
    ],
    [
      "stateline evaluate FILE",
      `${cliMs.toFixed(0)} ms`,
      fmt((N / cliMs) * 1000),
      `${(cliMs / floorMs).toFixed(2)}× the floor (goal ≤ 3×)`,
    ],
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join("  ");
  console.log(
    `\nStateline decision benchmark — ${fmt(N)} cases, ${mb.toFixed(0)} MB of JSON, node ${process.version}`,
  );
  console.log(
    `outcomes, engine alone (cold) per decision: ${perOutcome
      .map((o) => `${fmt(o.count)} ${o.outcome.replace("_", " ")} at ${o.micros.toFixed(2)} µs`)
      .join(", ")}`,
  );
  console.log(line(rows[0] ?? []));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows.slice(1)) console.log(line(r));
  const engineOk = (N / engineMs) * 1000 >= 1_000_000;
  const cliOk = cliMs <= 3 * floorMs;
  console.log(`\nengine goal ${engineOk ? "met" : "NOT met"}; evaluate goal ${cliOk ? "met" : "NOT met"}`);
}

main();
