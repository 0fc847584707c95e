/**
 * Every list's statement reads its index (issue 15): on the PostgreSQL server, with a practice
 * large enough that the planner has a real choice (60,000 sessions, 15,000 claims, 12,000
 * clients, 3,000 providers), `EXPLAIN (FORMAT JSON)` of the store's own statements — captured as
 * the store sends them, a first page and a page after a cursor — shows no sequential scan of a
 * big table, and the lists in the keyset order read it from an index in that order (no sort).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { explainLists, fillLists, planNodes } from "../../scripts/scale/lists.js";
import { connect, migrate, type Db } from "../../src/store/db.js";
import { freshDatabase } from "../support/platform.js";

const BIG = new Set([
  "sessions",
  "session_checks",
  "claims",
  "clients",
  "providers",
  "alerts",
  "licenses",
  "credentials",
  "coverages",
  "client_locations",
]);

/** The shapes whose order an index gives whole, and the index. */
const ORDERED: Record<string, string> = {
  "sessions status=confirmed": "sessions_status_start",
  "sessions status=confirmed, next page": "sessions_status_start",
  "sessions (all), next page": "sessions_start",
  claims: "claims_created",
  "claims, next page": "claims_created",
  "claims status=ready, next page": "claims_status_created",
  "providers, next page": "providers_name",
  "clients, next page": "clients_name",
  "clients of a provider": "clients_provider_name",
  "alerts open, next page": "alerts_open_created",
  "alerts all, next page": "alerts_created",
};

describe("the lists' query plans on the PostgreSQL server", () => {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ url, drop } = await freshDatabase());
    db = await connect({ url });
    await migrate(db);
    await fillLists(db, {
      providers: 3000,
      clients: 12000,
      sessions: 60000,
      claims: 15000,
      alerts: 6000,
      exports: 1500,
    });
  }, 600_000);
  afterAll(async () => {
    await db.close();
    await drop();
  });

  it("reads every list page from its index, in the list's order, with no sequential scan", async () => {
    const plans = await explainLists(url);
    expect(plans.length).toBeGreaterThan(15);
    const problems: string[] = [];
    for (const { shape, plan, text } of plans) {
      const index = ORDERED[shape.name];
      if (!index) continue;
      const nodes = planNodes(plan);
      if (nodes.some((n) => n["Node Type"] === "Seq Scan"))
        problems.push(`${shape.name}: a sequential scan\n${text}`);
      if (!nodes.some((n) => n["Index Name"] === index && n["Node Type"].startsWith("Index")))
        problems.push(`${shape.name}: does not read ${index}\n${text}`);
      if (nodes.some((n) => n["Node Type"] === "Sort")) problems.push(`${shape.name}: sorts\n${text}`);
    }
    if (process.env.STATELINE_PRINT_PLANS === "1") console.log(plans.map(printed).join("\n\n"));
    expect(problems).toEqual([]);
  }, 300_000);

  it("has an index for every statement a page or an export reads (sequential scans off: none left)", async () => {
    // At this size a few hundred ids out of 60,000 rows are rightly read sequentially (the
    // pages, the batch reads by `= any($1::uuid[])`); with sequential scans disabled, each
    // statement must still find an index to use: none may be left without one.
    const plans = await explainLists(url, { settings: "set enable_seqscan = off" });
    const problems = plans.flatMap(({ shape, plan, text }) =>
      planNodes(plan)
        .filter((n) => n["Node Type"] === "Seq Scan" && BIG.has(n["Relation Name"] ?? ""))
        .map((n) => `${shape.name}: no index on ${n["Relation Name"] ?? ""}\n${text}`),
    );
    if (process.env.STATELINE_PRINT_PLANS === "1") console.log(plans.map(printed).join("\n\n"));
    expect(problems).toEqual([]);
  }, 300_000);
});

const printed = ({ shape, text }: { shape: { name: string }; text: string }) =>
  `${shape.name}:\n${text.replace(/'\{[0-9a-f,-]{200,}\}'/g, "'{…ids…}'")}`;
