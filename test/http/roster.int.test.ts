/**
 * The payer catalogue and credentialing-roster import through the HTTP API, on both databases:
 * who may call them, row-level errors in the preview, all-or-nothing commit, audit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anNpi,
  as,
  loginAs,
  seedClient,
  seedOps,
  seedProvider,
  startApp,
  type DbKind,
  type SeededProvider,
  type TestApp,
} from "../support/app.js";

interface PreviewBody {
  total: number;
  valid: number;
  invalid: number;
  add: number;
  update: number;
  unchanged: number;
  rows: {
    index: number;
    line: number;
    action: string | null;
    provider: { id: string; name: string } | null;
    payerName: string | null;
    errors: { path: string; message: string }[];
  }[];
}
interface ProblemBody {
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}
interface ProviderBody {
  credentials: {
    payer: string;
    state: string;
    network: string;
    status: string;
    effectiveTo: string | null;
  }[];
}

const HEADER = "npi,payer,state,network,status,effective_from,effective_to";

describe.each<DbKind>(["pglite", "postgres"])("payers and roster import on %s", (kind) => {
  let t: TestApp;
  let ops: ReturnType<typeof as>;
  let provider: ReturnType<typeof as>;
  let client: ReturnType<typeof as>;
  let dana: SeededProvider;
  let eli: SeededProvider;

  beforeAll(async () => {
    t = await startApp(kind);
    dana = await seedProvider(t.store, {
      licenses: [{ state: "NY" }],
      credentials: [{ payer: "aetna", state: "NY" }],
    });
    eli = await seedProvider(t.store, { licenses: [{ state: "TX" }] });
    const c = await seedClient(t.store, {
      providerId: dana.provider.id,
      coverage: { payer: "aetna" },
      email: "roster-client@stateline.test",
    });
    const o = await seedOps(t.store);
    ops = as(t.app, await loginAs(t.app, o.email));
    provider = as(t.app, await loginAs(t.app, dana.email));
    client = as(t.app, await loginAs(t.app, c.email ?? ""));
  });
  afterAll(async () => t.close());

  const csv = (...rows: string[]) => [HEADER, ...rows].join("\n") + "\n";
  const credentialsOf = async (p: SeededProvider) =>
    (await ops("GET", `/api/v1/providers/${p.provider.id}`)).json<ProviderBody>().credentials;

  describe("GET /api/v1/payers", () => {
    it("gives any signed-in user the catalogue with Blue plan areas, sources and confidence", async () => {
      for (const call of [ops, provider, client]) {
        const r = await call("GET", "/api/v1/payers");
        expect(r.statusCode).toBe(200);
        const body = r.json<{
          payers: { id: string; kind: string; area?: unknown[]; source: string[]; confidence: string }[];
          noBluePlan: { states: string[] };
        }>();
        const excellus = body.payers.find((p) => p.id === "excellus-ny");
        expect(excellus?.kind).toBe("bcbs");
        expect(excellus?.area?.length).toBeGreaterThan(0);
        expect(excellus?.source[0]).toMatch(/^https?:\/\//);
        expect(["sourced", "common", "approximate"]).toContain(excellus?.confidence);
        expect(body.payers.find((p) => p.id === "aetna")?.kind).toBe("national");
        expect(body.noBluePlan.states).toContain("GU");
      }
    });

    it("needs a signed-in caller", async () => {
      expect((await t.app.inject({ url: "/api/v1/payers" })).statusCode).toBe(401);
    });
  });

  describe("preview", () => {
    it("says what each row would do, and every bad row's errors with its path", async () => {
      const body = csv(
        `${dana.provider.npi},aetna,NY,standard,active,2024-01-01,2027-12-31`, // update
        `${dana.provider.npi},cigna,NJ,,pending,,`, // add (blank network = standard)
        `${anNpi()},aetna,NY,standard,active,,`, // unknown NPI
        `${eli.provider.npi},acme-health,TX,standard,active,,`, // unknown payer
        `${eli.provider.npi},aetna,XX,standard,active,2026-13-01,`, // bad state, bad date
        `${eli.provider.npi},cigna,TX,virtual,active,,`, // virtual for a national payer
        `${eli.provider.npi},bcbs-ma,TX,virtual,active,2026-05-01,2026-04-01`, // ends before it starts
      );
      const r = await ops("POST", "/api/v1/ops/roster/preview", body, { "content-type": "text/csv" });
      expect(r.statusCode).toBe(200);
      const p = r.json<PreviewBody>();
      expect(p).toMatchObject({ total: 7, valid: 2, invalid: 5, add: 1, update: 1, unchanged: 0 });
      expect(p.rows.map((row) => row.action)).toEqual(["update", "add", null, null, null, null, null]);
      expect(p.rows[0]).toMatchObject({ line: 2, provider: { id: dana.provider.id }, payerName: "Aetna" });
      const paths = (i: number) => p.rows[i]?.errors.map((e) => e.path);
      expect(paths(2)).toEqual(["rows[2].npi"]);
      expect(p.rows[2]?.errors[0]?.message).toMatch(/no provider has NPI/);
      expect(paths(3)).toEqual(["rows[3].payer"]);
      expect(paths(4)).toEqual(["rows[4].state", "rows[4].effectiveFrom"]);
      expect(paths(5)).toEqual(["rows[5].network"]);
      expect(p.rows[5]?.errors[0]?.message).toMatch(/virtual networks are BCBS/);
      expect(paths(6)).toEqual(["rows[6].effectiveTo"]);
      // Nothing was stored.
      expect(await credentialsOf(eli)).toEqual([]);
    });

    it("takes JSON {csv} as well, and reports a file it cannot use on the csv field", async () => {
      const ok = await ops("POST", "/api/v1/ops/roster/preview", {
        csv: csv(`${eli.provider.npi},aetna,TX,standard,active,,`),
      });
      expect(ok.json<PreviewBody>()).toMatchObject({ total: 1, valid: 1, add: 1 });
      const noColumns = await ops("POST", "/api/v1/ops/roster/preview", { csv: "name,plan\nA,B\n" });
      expect(noColumns.statusCode).toBe(400);
      expect(noColumns.json<ProblemBody>().errors?.[0]).toMatchObject({ path: "csv" });
      expect(noColumns.json<ProblemBody>().errors?.[0]?.message).toMatch(/lacks npi, payer, state, status/);
      const empty = await ops("POST", "/api/v1/ops/roster/preview", "", { "content-type": "text/csv" });
      expect(empty.statusCode).toBe(400);
    });

    it("repeated rows for the same credential are an error on the later one", async () => {
      const row = `${eli.provider.npi},aetna,TX,standard,active,,`;
      const p = (await ops("POST", "/api/v1/ops/roster/preview", { csv: csv(row, row) })).json<PreviewBody>();
      expect(p.rows[1]?.errors[0]?.message).toMatch(/repeats line 2/);
    });

    it("does not exist for providers and clients", async () => {
      const body = { csv: csv(`${dana.provider.npi},aetna,NY,standard,active,,`) };
      for (const call of [provider, client]) {
        expect((await call("POST", "/api/v1/ops/roster/preview", body)).statusCode).toBe(404);
        expect((await call("POST", "/api/v1/ops/roster/commit", body)).statusCode).toBe(404);
      }
    });
  });

  describe("commit", () => {
    it("stores nothing when one row is bad, and answers every bad row", async () => {
      const before = await credentialsOf(dana);
      const r = await ops(
        "POST",
        "/api/v1/ops/roster/commit",
        csv(
          `${dana.provider.npi},aetna,NY,standard,terminated,2024-01-01,2026-01-31`,
          `${dana.provider.npi},cigna,NY,standard,active,,`,
          `${dana.provider.npi},cigna,ZZ,standard,active,,`,
        ),
        { "content-type": "text/csv" },
      );
      expect(r.statusCode).toBe(400);
      const problem = r.json<ProblemBody>();
      expect(problem.code).toBe("INVALID_INPUT");
      expect(problem.detail).toMatch(/nothing was imported: 1 of 3 rows/);
      expect(problem.errors).toEqual([{ path: "rows[2].state", message: expect.any(String) as string }]);
      expect(await credentialsOf(dana)).toEqual(before);
    });

    it("applies every row in one step, updates matches, and is audited", async () => {
      const rows = [
        `${dana.provider.npi},aetna,NY,standard,active,2024-01-01,2027-12-31`,
        `${dana.provider.npi},cigna,NY,standard,pending,,`,
        `${eli.provider.npi},bcbs-ma,TX,virtual,active,2025-01-01,`,
      ];
      const r = await ops("POST", "/api/v1/ops/roster/commit", { csv: csv(...rows) });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({ total: 3, added: 2, updated: 1, unchanged: 0 });
      const dc = await credentialsOf(dana);
      expect(dc).toHaveLength(2);
      expect(dc.find((c) => c.payer === "aetna")).toMatchObject({
        status: "active",
        effectiveTo: "2027-12-31",
      });
      expect(dc.find((c) => c.payer === "cigna")).toMatchObject({ state: "NY", status: "pending" });
      expect(await credentialsOf(eli)).toMatchObject([{ payer: "bcbs-ma", network: "virtual" }]);

      // The same file again changes nothing.
      const again = await ops("POST", "/api/v1/ops/roster/commit", { csv: csv(...rows) });
      expect(again.json()).toEqual({ total: 3, added: 0, updated: 0, unchanged: 3 });

      const events = (await ops("GET", "/api/v1/audit?action=roster.commit")).json<
        { action: string; actorRole: string; detail: { added: number; sha256: string } }[]
      >();
      expect(events).toHaveLength(2);
      expect(events[1]).toMatchObject({ actorRole: "ops", detail: { added: 2 } });
      expect(events[1]?.detail.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it("re-checks the sessions of every provider it changed: a terminated credential raises an alert", async () => {
      const fay = await seedProvider(t.store, {
        licenses: [{ state: "NY" }],
        credentials: [{ payer: "aetna", state: "NY" }],
      });
      const sam = await seedClient(t.store, {
        providerId: fay.provider.id,
        coverage: { payer: "aetna", memberId: "W1" },
        locations: [{ state: "NY", zip: "10001" }],
      });
      const inAWeek = new Date(Date.now() + 7 * 86_400_000);
      const session = await t.store.sessions.add({
        providerId: fay.provider.id,
        clientId: sam.client.id,
        startsAt: inAWeek,
        timeZone: "UTC",
        serviceDate: inAWeek.toISOString().slice(0, 10),
        durationMinutes: 53,
        modality: "telehealth",
        cptCode: "90837",
        crisis: false,
        practiceLocationId: null,
      });
      const lastMonth = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
      const r = await ops(
        "POST",
        "/api/v1/ops/roster/commit",
        csv(`${fay.provider.npi},aetna,NY,standard,terminated,2024-01-01,${lastMonth}`),
        { "content-type": "text/csv" },
      );
      expect(r.statusCode, r.body).toBe(200);
      const alerts = (await as(t.app, await loginAs(t.app, fay.email))("GET", "/api/v1/alerts")).json<
        { kind: string; sessionIds: string[]; fix: string | null }[]
      >();
      const atRisk = alerts.find((a) => a.kind === "sessions_at_risk");
      expect(atRisk?.sessionIds).toEqual([session.id]);
      expect(atRisk?.fix).toMatch(/Aetna/);
    });

    it("imports a large roster in one transaction", async () => {
      const many = await Promise.all(Array.from({ length: 5 }, () => seedProvider(t.store, { email: null })));
      const states = ["NY", "NJ", "TX", "CA", "FL", "PA", "MA", "IL", "OH", "GA"];
      const payers = ["aetna", "cigna", "uhc"];
      const rows: string[] = [];
      for (const p of many)
        for (const s of states)
          for (const payer of payers) rows.push(`${p.provider.npi},${payer},${s},,active,,`);
      const r = await ops("POST", "/api/v1/ops/roster/commit", csv(...rows), { "content-type": "text/csv" });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ total: rows.length, added: rows.length });
      expect(await credentialsOf(many[0]!)).toHaveLength(states.length * payers.length);
    });
  });
});
