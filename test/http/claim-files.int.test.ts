/**
 * Claims as files through the HTTP API and the job runner, on both databases: billing settings,
 * one claim as X12 837P and FHIR R4 (checked by an independent X12 parser and the official FHIR
 * schema), the hold and release of claims (pending → ready → exported) by jobs kept in
 * PostgreSQL, batch exports all or nothing, and who may read what.
 */
import { X12Parser, type X12Interchange } from "node-x12";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { DEMO_BILLING, DEMO_PASSWORD, loadDemo } from "../../src/app/demo.js";
import { JobRunner, platformJobs } from "../../src/app/jobs.js";
import type { NewSession } from "../../src/app/sessions-port.js";
import {
  aVideoSession,
  as,
  loginAs,
  seedClient,
  seedOps,
  seedProvider,
  startApp,
  type DbKind,
  type SeededClient,
  type SeededProvider,
  type TestApp,
} from "../support/app.js";
import { fhirSchema } from "../support/fhir-schema.js";

/** Sessions on 10 June; confirmed on the 11th at noon; the hold is 48 hours (ends the 13th). */
const CONFIRMED_AT = new Date("2026-06-11T12:00:00Z");
let clock = CONFIRMED_AT;
const at = (iso: string) => {
  clock = new Date(iso);
};

const BILLING = {
  ...DEMO_BILLING,
  receiverName: "Example Clearinghouse",
  receiverId: "CLEARHOUSE",
  payerIds: { aetna: "60054", "anthem-ny": "EMPIRE803", "bcbs-nc": "BCBSNC560" },
};

interface ClaimBody {
  id: string;
  number: string;
  sessionId?: string;
  modifiers?: string[];
  billTo: string;
  homePlan: string;
  memberId: string | null;
  status: string;
  readyAt: string;
  exportId: string | null;
  diagnosisCodes: string[];
}
interface ProblemBody {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

function parseX12(text: string): X12Interchange {
  return new X12Parser(true).parse(text) as X12Interchange;
}

/** Every segment of every transaction, as arrays of element values (tag first). */
function segments(ix: X12Interchange): string[][] {
  return ix.functionalGroups.flatMap((g) =>
    g.transactions.flatMap((t) => t.segments.map((s) => [s.tag, ...s.elements.map((e) => e.value)])),
  );
}

/** A 53-minute video session on 10 June at 10:00 in New York (stored directly: it is past). */
const videoOn10June = (provider: SeededProvider, client: SeededClient): NewSession =>
  aVideoSession(provider, client, "2026-06-10T14:00:00Z", "America/New_York");

const KINDS: DbKind[] = ["pglite", "postgres"];

describe.each(KINDS)("claim files on %s", (kind) => {
  let t: TestApp;
  let maya: SeededProvider;
  let luis: SeededProvider;
  let jordan: SeededClient; // BCBS NC member at college in Manhattan: BlueCard through Anthem NY
  let sam: SeededClient; // Aetna, Manhattan
  let noCard: SeededClient; // Aetna, but no member ID on file
  let mayaToken: string;
  let opsToken: string;
  let luisToken: string;
  let jordanToken: string;
  let ops: Awaited<ReturnType<typeof seedOps>>;

  beforeAll(async () => {
    t = await startApp(kind, { now: () => clock });
    maya = await seedProvider(t.store, {
      name: "Maya R. Chen, LCSW",
      licenses: [{ state: "NY" }],
      credentials: [
        { payer: "anthem-ny", state: "NY" },
        { payer: "aetna", state: "NY" },
      ],
      practiceLocations: [{ line1: "350 Fifth Ave", city: "New York", state: "NY", zip: "10118" }],
    });
    luis = await seedProvider(t.store, { licenses: [{ state: "CA" }] });
    const m = maya.provider.id;
    const home = {
      kind: "home" as const,
      line1: "1130 Amsterdam Ave",
      city: "New York",
      state: "NY" as const,
    };
    jordan = await seedClient(t.store, {
      providerId: m,
      name: "Jordan Lee",
      birthDate: "2005-03-14",
      diagnosisCodes: ["F411", "F331"],
      coverage: { payer: "bcbs-nc", memberId: "YPB123456789" },
      locations: [
        { kind: "home", line1: "12 Duke St", city: "Durham", state: "NC", zip: "27701" },
        // The dorm: not home, so place of service 02 and loop 2310C, which takes the ZIP+4.
        {
          kind: "virtual_session",
          line1: "1130 Amsterdam Ave",
          city: "New York",
          state: "NY",
          zip: "10027-6902",
        },
      ],
      email: `jordan-files-${kind}@stateline.test`,
    });
    sam = await seedClient(t.store, {
      providerId: m,
      name: "Sam Rivera",
      birthDate: "1984-11-20",
      coverage: { payer: "aetna", memberId: "W123987456" },
      locations: [{ ...home, zip: "10001", line1: "408 W 34th St" }],
    });
    noCard = await seedClient(t.store, {
      providerId: m,
      name: "Robin Park",
      birthDate: "1990-01-01",
      coverage: { payer: "aetna", memberId: null },
      locations: [{ ...home, zip: "10025" }],
    });
    ops = await seedOps(t.store);
    [mayaToken, opsToken, luisToken, jordanToken] = await Promise.all([
      loginAs(t.app, maya.email),
      loginAs(t.app, ops.email),
      loginAs(t.app, luis.email),
      loginAs(t.app, jordan.email ?? ""),
    ]);
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  /** A telehealth session on 10 June, confirmed from the client's first location of `kind`. */
  async function confirmed(
    client: SeededClient,
    where: "home" | "virtual_session" = "home",
  ): Promise<ClaimBody> {
    const session = await t.store.sessions.add(videoOn10June(maya, client));
    const location = client.locations.find((l) => l.kind === where);
    at(CONFIRMED_AT.toISOString());
    const res = await as(t.app, mayaToken)("POST", `/api/v1/sessions/${session.id}/confirm`, {
      clientLocationId: location?.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ claim: ClaimBody }>().claim;
  }

  function problem(res: LightMyRequestResponse, status: number): ProblemBody {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    return res.json<ProblemBody>();
  }

  describe("billing settings", () => {
    it("are missing until operations set them, and claims cannot be written without them", async () => {
      const claim = await confirmed(sam);
      const get = await as(t.app, opsToken)("GET", "/api/v1/billing-settings");
      expect(get.statusCode).toBe(404);
      const file = await as(t.app, mayaToken)("GET", `/api/v1/claims/${claim.id}/x12`);
      expect(problem(file, 409).detail).toMatch(/billing organization is not set up/);
    });

    it("refuse bad values field by field and keep nothing", async () => {
      const res = await as(t.app, opsToken)("PUT", "/api/v1/billing-settings", {
        ...BILLING,
        npi: "215000000",
        taxId: "12-3456789",
        address: { ...BILLING.address, zip: "1011" },
      });
      const body = problem(res, 400);
      expect(body.errors?.map((e) => e.path).sort()).toEqual(["address.zip", "npi", "taxId"]);
      // An individual's NPI, and a payer the catalogue lacks, are refused by the use case.
      const individual = await as(t.app, opsToken)("PUT", "/api/v1/billing-settings", {
        ...BILLING,
        npi: "1234567893",
      });
      expect(problem(individual, 400).errors?.[0]?.path).toBe("npi");
      const unknown = await as(t.app, opsToken)("PUT", "/api/v1/billing-settings", {
        ...BILLING,
        payerIds: { "acme-health": "12345" },
      });
      expect(problem(unknown, 400).errors?.[0]?.path).toBe("payerIds.acme-health");
      expect((await as(t.app, opsToken)("GET", "/api/v1/billing-settings")).statusCode).toBe(404);
    });

    it("are set by operations only", async () => {
      const maya = await as(t.app, mayaToken)("PUT", "/api/v1/billing-settings", BILLING);
      expect(maya.statusCode).toBe(404);
      const res = await as(t.app, opsToken)("PUT", "/api/v1/billing-settings", BILLING);
      expect(res.statusCode, res.body).toBe(200);
      const read = await as(t.app, opsToken)("GET", "/api/v1/billing-settings");
      expect(read.json()).toMatchObject({ ...BILLING });
      expect((await as(t.app, mayaToken)("GET", "/api/v1/billing-settings")).statusCode).toBe(404);
    });
  });

  describe("one claim as a file", () => {
    it("writes a BlueCard claim as X12 837P to the local plan, with the member ID as on the card", async () => {
      const claim = await confirmed(jordan, "virtual_session");
      expect(claim).toMatchObject({ billTo: "anthem-ny", homePlan: "bcbs-nc", memberId: "YPB123456789" });
      const res = await as(t.app, mayaToken)("GET", `/api/v1/claims/${claim.id}/x12`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^application\/edi-x12/);
      const ix = parseX12(res.body);
      const segs = segments(ix);
      const payer = segs.find((s) => s[0] === "NM1" && s[1] === "PR");
      expect(payer?.[9]).toBe("EMPIRE803");
      const subscriber = segs.find((s) => s[0] === "NM1" && s[1] === "IL");
      expect(subscriber?.slice(3, 5)).toEqual(["LEE", "JORDAN"]);
      expect(subscriber?.[9]).toBe("YPB123456789");
      const rendering = segs.find((s) => s[0] === "NM1" && s[1] === "82");
      expect(rendering?.[9]).toBe(maya.provider.npi);
      // Maya R. Chen, LCSW: last, first, middle; the credentials in no name element.
      expect(rendering?.slice(3, 8)).toEqual(["CHEN", "MAYA", "R.", "", ""]);
      const clm = segs.find((s) => s[0] === "CLM");
      // The patient control number: short enough to come back whole on the remittance.
      expect(clm?.[1]).toBe(claim.number);
      expect(claim.number).toMatch(/^SL\d{8}$/);
      expect(clm?.[2]).toBe("175");
      // From the dorm, not home: place of service 02.
      expect(clm?.[5]).toBe("02:B:1");
      expect(segs.find((s) => s[0] === "SV1")?.[1]).toBe("HC:90837:95");
      expect(segs.find((s) => s[0] === "HI")?.slice(1)).toEqual(["ABK:F411", "ABF:F331"]);
      // The service facility is where Jordan was: the dorm.
      const facilityAt = segs.findIndex((s) => s[0] === "NM1" && s[1] === "77");
      expect(segs[facilityAt + 1]?.[1]).toBe("1130 AMSTERDAM AVE");
      expect(segs[facilityAt + 2]?.slice(1, 4)).toEqual(["NEW YORK", "NY", "100276902"]);
      // Reading a claim file is reading client data: audited.
      const events = await t.store.audit.search({ action: "claim.file_x12", limit: 10 });
      expect(events.some((e) => e.entityId === claim.id && e.clientId === jordan.client.id)).toBe(true);
    });

    it("gives each interchange its own control number", async () => {
      const claim = await confirmed(sam);
      const first = parseX12((await as(t.app, mayaToken)("GET", `/api/v1/claims/${claim.id}/x12`)).body);
      const second = parseX12((await as(t.app, opsToken)("GET", `/api/v1/claims/${claim.id}/x12`)).body);
      const icn = (ix: X12Interchange) => Number(ix.header.elements[12]?.value);
      expect(icn(second)).toBeGreaterThan(icn(first));
    });

    it("writes the same claim as a FHIR R4 bundle that the official schema accepts", async () => {
      const claim = await confirmed(jordan, "virtual_session");
      const res = await as(t.app, mayaToken)("GET", `/api/v1/claims/${claim.id}/fhir`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^application\/fhir\+json/);
      const bundle = res.json<{
        resourceType: string;
        entry: { resource: { resourceType: string; [k: string]: unknown } }[];
      }>();
      expect(fhirSchema().validate(bundle)).toEqual([]);
      const byType = (type: string) =>
        bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
      const coverage = byType("Coverage")[0] as unknown as { subscriberId: string };
      expect(coverage.subscriberId).toBe("YPB123456789");
      const orgs = byType("Organization") as unknown as { name: string }[];
      expect(orgs.map((o) => o.name)).toEqual(
        expect.arrayContaining([expect.stringMatching(/Anthem|Empire/)]),
      );
    });

    it("names the claim and field when the data is incomplete, and writes nothing", async () => {
      const claim = await confirmed(noCard);
      for (const format of ["x12", "fhir"]) {
        const res = await as(t.app, mayaToken)("GET", `/api/v1/claims/${claim.id}/${format}`);
        const body = problem(res, 409);
        expect(body.errors?.map((e) => e.path)).toContain(`claims.${claim.id}.coverage.memberId`);
        expect(body.detail).toMatch(/member ID/);
      }
    });

    it("is readable only by the claim's provider and operations", async () => {
      const claim = await confirmed(sam);
      for (const token of [luisToken, jordanToken]) {
        for (const format of ["x12", "fhir"]) {
          const res = await as(t.app, token)("GET", `/api/v1/claims/${claim.id}/${format}`);
          expect(res.statusCode).toBe(404);
          expect(res.body).not.toContain("W123987456");
        }
      }
    });
  });

  describe("corrections while the claim is held", () => {
    it("change the codes and diagnoses, never where or whom to bill, and are audited", async () => {
      const claim = await confirmed(sam);
      at("2026-06-11T20:00:00Z");
      const res = await as(t.app, mayaToken)("PATCH", `/api/v1/claims/${claim.id}`, {
        cptCode: "90834",
        durationMinutes: 45,
        diagnosisCodes: ["F43.23", "f41.1"],
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{
        session: { durationMinutes: number; cptCode: string };
        claim: ClaimBody & { cptCodes: string[] };
      }>();
      expect(body.session).toMatchObject({ durationMinutes: 45, cptCode: "90834" });
      expect(body.claim).toMatchObject({
        cptCodes: ["90834"],
        diagnosisCodes: ["F4323", "F411"],
        billTo: "aetna",
      });
      const x12 = parseX12((await as(t.app, mayaToken)("GET", `/api/v1/claims/${claim.id}/x12`)).body);
      expect(segments(x12).find((s) => s[0] === "SV1")?.[1]).toBe("HC:90834:95");
      const events = await t.store.audit.search({ action: "claim.amend", limit: 10 });
      expect(events.find((e) => e.entityId === claim.id)?.detail).toMatchObject({
        before: { cptCodes: ["90837"] },
        after: { cptCodes: ["90834"] },
      });
    });

    it("refuse crisis codes on an ordinary session, bad codes by field, and other providers", async () => {
      const claim = await confirmed(sam);
      at("2026-06-11T20:00:00Z");
      const crisis = await as(t.app, mayaToken)("PATCH", `/api/v1/claims/${claim.id}`, { cptCode: "90839" });
      expect(problem(crisis, 400).errors?.[0]?.path).toBe("cptCode");
      const dx = await as(t.app, mayaToken)("PATCH", `/api/v1/claims/${claim.id}`, {
        diagnosisCodes: ["hello"],
      });
      expect(problem(dx, 400).errors?.[0]?.path).toBe("diagnosisCodes[0]");
      const extra = await as(t.app, mayaToken)("PATCH", `/api/v1/claims/${claim.id}`, { billTo: "cigna" });
      expect(extra.statusCode).toBe(400);
      const luis = await as(t.app, luisToken)("PATCH", `/api/v1/claims/${claim.id}`, { cptCode: "90834" });
      expect(luis.statusCode).toBe(404);
      const unchanged = await t.store.claims.byId(claim.id);
      expect(unchanged?.cptCodes).toEqual(["90837"]);
    });

    it("are refused once the hold is over", async () => {
      const claim = await confirmed(sam);
      at("2026-06-13T12:00:00Z");
      mayaToken = await loginAs(t.app, maya.email);
      const res = await as(t.app, mayaToken)("PATCH", `/api/v1/claims/${claim.id}`, { cptCode: "90834" });
      expect(problem(res, 409).detail).toMatch(/hold ended .* can no longer be changed/);
    });
  });

  describe("hold, release and export", () => {
    it("holds a claim 48 hours, then a job kept in the database makes it ready, once, whichever server runs it", async () => {
      const claim = await confirmed(sam);
      expect(claim.status).toBe("pending");
      expect(claim.readyAt).toBe("2026-06-13T12:00:00.000Z");
      const runner = (worker: string) =>
        new JobRunner(t.store, platformJobs(t.geo), { worker, now: () => clock });
      const a = runner("server-a");
      const b = runner("server-b");
      at("2026-06-12T12:05:00Z");
      await a.register();
      await b.register();
      // Both servers poll at once: each due job runs on one of them only.
      const [ranA, ranB] = await Promise.all([a.runDue(), b.runDue()]);
      expect([...ranA, ...ranB].sort()).toEqual(["alerts.recheck", "claims.release"]);
      expect((await t.store.claims.byId(claim.id))?.status).toBe("pending");

      // A "restart": a new runner on the same database finds the schedule where it was left.
      at("2026-06-13T12:00:30Z");
      const c = runner("server-c");
      await c.register();
      expect(await c.runDue()).toEqual(["claims.release"]);
      expect((await t.store.claims.byId(claim.id))?.status).toBe("ready");
      const jobs = await t.store.jobs.list();
      expect(jobs.find((j) => j.name === "claims.release")).toMatchObject({ runs: 2, lastError: null });
      expect(jobs.find((j) => j.name === "alerts.recheck")?.runs).toBe(1);
      // Nothing more is due a second later.
      at("2026-06-13T12:00:31Z");
      expect(await c.runDue()).toEqual([]);
    });

    it("takes over a job whose server died while running it", async () => {
      at("2026-06-14T12:00:00Z");
      const name = await t.store.jobs.claimDue("dying-server", clock, 60);
      expect(name).toBe("claims.release");
      const other = new JobRunner(t.store, platformJobs(t.geo), { worker: "survivor", now: () => clock });
      expect(await other.runDue()).not.toContain("claims.release");
      at("2026-06-14T12:01:01Z");
      expect(await other.runDue()).toEqual(["claims.release"]);
    });

    it("exports the ready claims into one interchange, leaving a bad claim out with why, and never sends one twice", async () => {
      // Everything confirmed so far is past its hold; Robin's claim has no member ID. All or
      // nothing (the option): the batch fails whole, naming it, and nothing changes.
      at("2026-06-20T12:00:00Z");
      opsToken = await loginAs(t.app, ops.email);
      mayaToken = await loginAs(t.app, maya.email);
      await t.store.claimFiles.release(clock);
      const ready = await t.store.claims.list({ status: "ready", limit: 100 });
      expect(ready.length).toBeGreaterThan(3);
      const robin = ready.find((c) => c.clientId === noCard.client.id);
      const refused = await as(t.app, opsToken)("POST", "/api/v1/claim-exports", {
        since: "2026-06-01",
        format: "x12",
        allOrNothing: true,
      });
      const body = problem(refused, 409);
      expect(body.errors?.map((e) => e.path)).toContain(`claims.${robin?.id ?? ""}.coverage.memberId`);
      expect((await t.store.claims.list({ status: "exported", limit: 100 })).length).toBe(0);
      expect((await t.store.claims.byId(robin?.id ?? ""))?.exportProblems).toBeNull();

      // By default the one bad claim does not block the batch: it is left out, named with the
      // field and the fix, flagged on the claim for operations, and the rest go.
      const partial = await as(t.app, opsToken)("POST", "/api/v1/claim-exports", {
        since: "2026-06-01",
        format: "x12",
      });
      expect(partial.statusCode, partial.body).toBe(201);
      const first = partial.json<{
        export: { id: string; claimCount: number };
        claimIds: string[];
        excluded: { claimId: string; number: string; problems: { field: string; message: string }[] }[];
      }>();
      expect(first.excluded).toEqual([
        {
          claimId: robin?.id,
          number: robin?.number,
          problems: [
            {
              field: "coverage.memberId",
              message: "the member ID from the client's insurance card is missing",
            },
          ],
        },
      ]);
      expect(first.export.claimCount).toBe(ready.length - 1);
      expect([...first.claimIds].sort()).toEqual(
        ready
          .filter((c) => c.id !== robin?.id)
          .map((c) => c.id)
          .sort(),
      );
      const flagged = await as(t.app, opsToken)("GET", `/api/v1/claims/${robin?.id ?? ""}`);
      expect(flagged.json()).toMatchObject({
        status: "ready",
        exportProblems: [{ field: "coverage.memberId" }],
      });

      // Operations correct the data (here: the claim's member ID from the card) and export again.
      await t.db.kysely
        .updateTable("claims")
        .set({ member_id: "W555000111" })
        .where("client_id", "=", noCard.client.id)
        .execute();
      const res = await as(t.app, opsToken)("POST", "/api/v1/claim-exports", {
        since: "2026-06-01",
        format: "x12",
      });
      expect(res.statusCode, res.body).toBe(201);
      const result = res.json<{
        export: { id: string; claimCount: number; interchangeControlNumber: number };
        claimIds: string[];
        excluded: unknown[];
      }>();
      expect(result.excluded).toEqual([]);
      expect(result.export.claimCount).toBe(1);
      expect(result.claimIds).toEqual([robin?.id]);
      expect((await t.store.claims.byId(robin?.id ?? ""))?.exportProblems).toBeNull();

      const file = await as(t.app, opsToken)("GET", `/api/v1/claim-exports/${result.export.id}/file`);
      expect(file.statusCode).toBe(200);
      const ix = parseX12(file.body);
      expect(Number(ix.header.elements[12]?.value)).toBe(result.export.interchangeControlNumber);
      expect(ix.functionalGroups).toHaveLength(1);
      const group = ix.functionalGroups[0];
      expect(group?.transactions).toHaveLength(1);
      expect(group?.trailer.elements[0]?.value).toBe("1");
      for (const tx of group?.transactions ?? []) {
        // SE01 counts ST through SE.
        expect(Number(tx.trailer.elements[0]?.value)).toBe(tx.segments.length + 2);
      }

      const exported = await t.store.claims.list({ status: "exported", limit: 100 });
      expect(exported).toHaveLength(ready.length);
      expect(new Set(exported.map((c) => c.exportId))).toEqual(new Set([first.export.id, result.export.id]));
      const again = await as(t.app, opsToken)("POST", "/api/v1/claim-exports", {
        since: "2026-06-01",
        format: "fhir",
      });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ export: null, claimIds: [], excluded: [] });
      const list = await as(t.app, opsToken)("GET", "/api/v1/claim-exports");
      expect(list.json<{ id: string }[]>().map((e) => e.id)).toContain(result.export.id);
    });

    it("lets only operations export or download batches", async () => {
      const res = await as(t.app, mayaToken)("POST", "/api/v1/claim-exports", {
        since: "2026-06-01",
        format: "x12",
      });
      expect(res.statusCode).toBe(404);
      const list = await as(t.app, mayaToken)("GET", "/api/v1/claim-exports");
      expect(list.statusCode).toBe(404);
      const bad = await as(t.app, opsToken)("POST", "/api/v1/claim-exports", {
        since: "June",
        format: "pdf",
      });
      expect(
        problem(bad, 400)
          .errors?.map((e) => e.path)
          .sort(),
      ).toEqual(["format", "since"]);
    });
  });

  describe("issue 11: claims a clearinghouse accepts", () => {
    /** A fresh session of `client` on 10 June, confirmed now from its location of `where`. */
    async function confirmedNow(
      client: SeededClient,
      where: "home" | "virtual_session" = "home",
      body: Record<string, unknown> = {},
    ): Promise<ClaimBody> {
      const session = await t.store.sessions.add(videoOn10June(maya, client));
      const location = client.locations.find((l) => l.kind === where);
      const res = await as(t.app, mayaToken)("POST", `/api/v1/sessions/${session.id}/confirm`, {
        clientLocationId: location?.id,
        ...body,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ claim: ClaimBody }>().claim;
    }
    const x12Of = async (claimId: string, token = opsToken) => {
      const res = await as(t.app, token)("GET", `/api/v1/claims/${claimId}/x12`);
      expect(res.statusCode, res.body).toBe(200);
      return segments(parseX12(res.body));
    };
    const seg = (segs: string[][], tag: string, q: string) => segs.find((x) => x[0] === tag && x[1] === q);
    const after = (segs: string[][], tag: string, q: string, n: number) => {
      const i = segs.findIndex((x) => x[0] === tag && x[1] === q);
      return segs.slice(i + 1, i + 1 + n);
    };

    beforeAll(async () => {
      at("2026-06-11T12:00:00Z");
      mayaToken = await loginAs(t.app, maya.email);
      opsToken = await loginAs(t.app, ops.email);
    });

    it("fault 9: the subscriber address is the client's home as it was at confirmation, not after a move", async () => {
      const mover = await seedClient(t.store, {
        providerId: maya.provider.id,
        name: "Dana Ortiz",
        birthDate: "1991-04-02",
        sex: "F",
        coverage: { payer: "aetna", memberId: "W700100200" },
        locations: [
          {
            kind: "home",
            line1: "408 W 34th St",
            line2: "Apt 5B",
            city: "New York",
            state: "NY",
            zip: "10001",
          },
        ],
      });
      const claim = await confirmedNow(mover);
      // The client moves after confirmation: a new home replaces the old.
      const [old] = mover.locations;
      await t.store.clients.archiveLocation(mover.client.id, old?.id ?? "", clock);
      await t.store.clients.addLocation(
        mover.client.id,
        {
          kind: "home",
          label: null,
          line1: "1601 Walnut St",
          line2: null,
          city: "Philadelphia",
          state: "PA",
          zip: "19103",
          startsOn: null,
          endsOn: null,
        },
        null,
      );
      const segs = await x12Of(claim.id);
      expect(after(segs, "NM1", "IL", 3)).toEqual([
        ["N3", "408 W 34TH ST", "APT 5B"],
        ["N4", "NEW YORK", "NY", "10001"],
        ["DMG", "D8", "19910402", "F"],
      ]);
      const fhir = await as(t.app, opsToken)("GET", `/api/v1/claims/${claim.id}/fhir`);
      expect(fhir.body).toContain("408 W 34th St");
      expect(fhir.body).not.toContain("Walnut");
    });

    it("fault 2: a telehealth claim away from home without ZIP+4 is refused naming the field and the fix, then written with 9 digits once the location has them", async () => {
      const student = await seedClient(t.store, {
        providerId: maya.provider.id,
        name: "Avery Brooks",
        birthDate: "2004-09-01",
        coverage: { payer: "aetna", memberId: "W700100300" },
        locations: [
          { kind: "home", line1: "12 Duke St", city: "Durham", state: "NC", zip: "27701" },
          { kind: "virtual_session", line1: "600 W 113th St", city: "New York", state: "NY", zip: "10025" },
        ],
      });
      const claim = await confirmedNow(student, "virtual_session");
      const refused = await as(t.app, opsToken)("GET", `/api/v1/claims/${claim.id}/x12`);
      const body = problem(refused, 409);
      expect(body.errors).toEqual([
        {
          path: `claims.${claim.id}.claim.serviceLocation.zip`,
          message:
            "service facility ZIP must be ZIP+4 (place of service 02, loop 2310C): add the last four digits to the client's location in the client's record",
        },
      ]);
      // The fix: the same address with its ZIP+4 in the client's record.
      await t.store.clients.addLocation(
        student.client.id,
        {
          kind: "virtual_session",
          label: null,
          line1: "600 W 113th St",
          line2: null,
          city: "New York",
          state: "NY",
          zip: "10025-7520",
          startsOn: null,
          endsOn: null,
        },
        null,
      );
      const segs = await x12Of(claim.id);
      expect(after(segs, "NM1", "77", 2)[1]).toEqual(["N4", "NEW YORK", "NY", "100257520"]);
    });

    it("fault 11: the 409 lists every problem the record check and the writer find, at once", async () => {
      const claim = await confirmedNow(sam);
      // A member ID with an X12 delimiter (only the writer sees it) and no diagnosis (the record check).
      await t.db.kysely
        .updateTable("claims")
        .set({ member_id: "W12*3987", diagnosis_codes: [] })
        .where("id", "=", claim.id)
        .execute();
      for (const format of ["x12", "fhir"] as const) {
        const res = await as(t.app, opsToken)("GET", `/api/v1/claims/${claim.id}/${format}`);
        const paths = problem(res, 409).errors?.map((e) => e.path);
        expect(paths).toContain(`claims.${claim.id}.claim.diagnosisCodes`);
        if (format === "x12") expect(paths).toContain(`claims.${claim.id}.coverage.memberId`);
      }
    });

    it("fault 8: audio-only sessions carry 93, and a payer set to GT in billing settings gets GT", async () => {
      const audio = await confirmedNow(sam, "home", { audioOnly: true });
      expect(audio.modifiers ?? []).toEqual(["93"]);
      expect(seg(await x12Of(audio.id), "SV1", "HC:90837:93")).toBeDefined();
      const session = await as(t.app, opsToken)("GET", `/api/v1/sessions/${audio.sessionId ?? ""}`);
      expect(session.json()).toMatchObject({ audioOnly: true });

      const video = await confirmedNow(sam);
      expect(seg(await x12Of(video.id), "SV1", "HC:90837:95")).toBeDefined();
      const put = await as(t.app, opsToken)("PUT", "/api/v1/billing-settings", {
        ...BILLING,
        telehealthModifiers: { aetna: "GT" },
      });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json()).toMatchObject({ telehealthModifiers: { aetna: "GT" } });
      const segs = await x12Of(video.id);
      expect(seg(segs, "SV1", "HC:90837:GT")).toBeDefined();
      expect(seg(segs, "CLM", audio.number)).toBeUndefined();
      expect(seg(segs, "CLM", video.number)?.[5]).toBe("10:B:1");
      const bad = await as(t.app, opsToken)("PUT", "/api/v1/billing-settings", {
        ...BILLING,
        telehealthModifiers: { aetna: "XX" },
      });
      expect(problem(bad, 400).errors?.[0]?.path).toMatch(/^telehealthModifiers/);
      const unknown = await as(t.app, opsToken)("PUT", "/api/v1/billing-settings", {
        ...BILLING,
        telehealthModifiers: { "acme-health": "GT" },
      });
      expect(problem(unknown, 400).errors?.[0]?.path).toBe("telehealthModifiers.acme-health");
      await as(t.app, opsToken)("PUT", "/api/v1/billing-settings", BILLING);
      // Audio-only in person is refused by field, nothing written.
      const inPerson = await as(t.app, mayaToken)("POST", "/api/v1/sessions", {
        clientId: sam.client.id,
        startsAt: "2026-06-30T14:00:00Z",
        timeZone: "America/New_York",
        durationMinutes: 53,
        modality: "in_person",
        cptCode: "90837",
        practiceLocationId: maya.practiceLocations[0]?.id,
        audioOnly: true,
      });
      expect(problem(inPerson, 400).errors?.[0]?.path).toBe("audioOnly");
    });

    it("fault 10: an exported claim is replaced (7) and voided (8) with the payer's control number, as new versions with their history", async () => {
      const claim = await confirmedNow(sam);
      at("2026-06-14T12:00:00Z");
      opsToken = await loginAs(t.app, ops.email);
      mayaToken = await loginAs(t.app, maya.email);
      luisToken = await loginAs(t.app, luis.email);
      jordanToken = await loginAs(t.app, jordan.email ?? "");
      await t.store.claimFiles.release(clock);
      const exportRes = await as(t.app, opsToken)("POST", "/api/v1/claim-exports", {
        since: "2026-06-01",
        format: "x12",
      });
      expect(exportRes.statusCode, exportRes.body).toBe(201);
      expect((await t.store.claims.byId(claim.id))?.status).toBe("exported");

      // Bad input: a 400 naming the field, never a 500, nothing written.
      for (const [body, path] of [
        [{ cptCode: "90834", payerControlNumber: "12*34" }, "payerControlNumber"],
        [{ cptCode: "9083" }, "cptCode"],
        [{ diagnosisCodes: ["hello"] }, "diagnosisCodes[0]"],
        [{ cptCode: "90834", billTo: "cigna" }, null],
      ] as const) {
        const res = await as(t.app, mayaToken)("POST", `/api/v1/claims/${claim.id}/replacement`, body);
        const p = problem(res, 400);
        if (path !== null) expect(p.errors?.map((e) => e.path)).toContain(path);
      }
      // No payer control number on file or given: the field is named with where to find it.
      const noPcn = await as(t.app, mayaToken)("POST", `/api/v1/claims/${claim.id}/replacement`, {
        cptCode: "90834",
      });
      expect(problem(noPcn, 400).errors?.[0]?.path).toBe("payerControlNumber");
      expect((await t.store.claims.byId(claim.id))?.version).toBe(1);
      // Others' claims do not exist; clients see no claims.
      for (const token of [luisToken, jordanToken]) {
        const res = await as(t.app, token)("POST", `/api/v1/claims/${claim.id}/replacement`, {
          cptCode: "90834",
          payerControlNumber: "2026165000123",
        });
        expect(res.statusCode).toBe(404);
      }

      const replaced = await as(t.app, mayaToken)("POST", `/api/v1/claims/${claim.id}/replacement`, {
        cptCode: "90834",
        durationMinutes: 45,
        payerControlNumber: "2026165000123",
        reason: "billed 90837 for a 45-minute session",
      });
      expect(replaced.statusCode, replaced.body).toBe(200);
      expect(replaced.json()).toMatchObject({
        version: 2,
        frequency: "7",
        payerControlNumber: "2026165000123",
        status: "ready",
        cptCodes: ["90834"],
        exportId: null,
      });
      let segs = await x12Of(claim.id);
      const clm = segs.findIndex((x) => x[0] === "CLM");
      expect(segs[clm]?.[5]).toBe("10:B:7");
      expect(segs[clm + 1]).toEqual(["REF", "F8", "2026165000123"]);
      expect(seg(segs, "SV1", "HC:90834:95")).toBeDefined();

      const voided = await as(t.app, opsToken)("POST", `/api/v1/claims/${claim.id}/void`, {
        reason: "the session was billed to the wrong plan",
      });
      expect(voided.statusCode, voided.body).toBe(200);
      expect(voided.json()).toMatchObject({
        version: 3,
        frequency: "8",
        payerControlNumber: "2026165000123",
      });
      segs = await x12Of(claim.id);
      expect(seg(segs, "CLM", claim.number)?.[5]).toBe("10:B:8");
      const fhir = await as(t.app, opsToken)("GET", `/api/v1/claims/${claim.id}/fhir`);
      expect(fhirSchema().validate(fhir.json())).toEqual([]);
      expect(fhir.body).toContain('"status": "cancelled"');
      const again = await as(t.app, opsToken)("POST", `/api/v1/claims/${claim.id}/void`, {});
      expect(problem(again, 409).detail).toMatch(/voided/);

      const history = await as(t.app, mayaToken)("GET", `/api/v1/claims/${claim.id}/history`);
      expect(history.statusCode, history.body).toBe(200);
      const events = history.json<{ events: { version: number; kind: string }[] }>().events;
      expect(events.map((e) => [e.version, e.kind])).toEqual([
        [1, "confirmed"],
        [1, "exported"],
        [2, "replaced"],
        [3, "voided"],
      ]);
      expect((await as(t.app, luisToken)("GET", `/api/v1/claims/${claim.id}/history`)).statusCode).toBe(404);
      const audits = await t.store.audit.search({ action: "claim.void", limit: 10 });
      expect(audits.some((e) => e.entityId === claim.id)).toBe(true);
    });

    it("fault 10: a held claim is not replaced, a claim never sent is not voided", async () => {
      at("2026-06-14T12:00:00Z");
      const held = await confirmedNow(sam);
      const res = await as(t.app, opsToken)("POST", `/api/v1/claims/${held.id}/replacement`, {
        cptCode: "90834",
      });
      expect(problem(res, 409).detail).toMatch(/held/);
      at("2026-06-20T12:00:00Z");
      opsToken = await loginAs(t.app, ops.email);
      await t.store.claimFiles.release(clock);
      const never = await as(t.app, opsToken)("POST", `/api/v1/claims/${held.id}/void`, {
        payerControlNumber: "X1",
      });
      expect(problem(never, 409).detail).toMatch(/not been sent/);
      // Corrected before it was ever sent: a new version of the original, no REF*F8.
      const corrected = await as(t.app, opsToken)("POST", `/api/v1/claims/${held.id}/replacement`, {
        diagnosisCodes: ["F43.23"],
      });
      expect(corrected.statusCode, corrected.body).toBe(200);
      expect(corrected.json()).toMatchObject({ version: 2, frequency: "1", payerControlNumber: null });
    });
  });
});

describe("claim hold hours", () => {
  it("follow the server's setting", async () => {
    const t = await startApp("pglite", { now: () => CONFIRMED_AT, deps: { claimHoldHours: 2 } });
    try {
      const maya = await seedProvider(t.store, {
        licenses: [{ state: "NY" }],
        credentials: [{ payer: "aetna", state: "NY" }],
      });
      const sam = await seedClient(t.store, {
        providerId: maya.provider.id,
        coverage: { payer: "aetna", memberId: "W1" },
        locations: [{ state: "NY", zip: "10001" }],
      });
      const session = await t.store.sessions.add(videoOn10June(maya, sam));
      const res = await as(t.app, await loginAs(t.app, maya.email))(
        "POST",
        `/api/v1/sessions/${session.id}/confirm`,
        {
          clientLocationId: sam.locations[0]?.id,
          diagnosisCodes: ["f43.23"],
        },
      );
      expect(res.statusCode, res.body).toBe(200);
      const claim = res.json<{ claim: ClaimBody }>().claim;
      expect(claim.readyAt).toBe("2026-06-11T14:00:00.000Z");
      expect(claim.diagnosisCodes).toEqual(["F4323"]);
    } finally {
      await t.close();
    }
  });
});

describe("issue 11 fault 12: the demo practice's claims are exportable as shipped", () => {
  it("seeds the demo, confirms its waiting session, and exports every ready claim with no exclusions", async () => {
    const today = "2026-12-04";
    const t = await startApp("pglite", { now: () => new Date(`${today}T12:00:00Z`) });
    try {
      await t.store.transaction((tx) => loadDemo(tx, t.geo, today));
      const ops = await loginAs(t.app, "ops@stateline.test", DEMO_PASSWORD);
      const maya = await loginAs(t.app, "maya@stateline.test", DEMO_PASSWORD);
      // Jordan's session yesterday from the dorm waits for Maya: confirmed as the demo invites.
      const sessions = await as(t.app, maya)("GET", "/api/v1/sessions?status=scheduled&to=2026-12-03");
      const waiting = sessions.json<{ id: string; clientId: string }[]>();
      expect(waiting).toHaveLength(1);
      const dorm = (await t.store.clients.locations(waiting[0]?.clientId ?? "")).find(
        (l) => l.kind === "virtual_session",
      );
      const confirmed = await as(t.app, maya)("POST", `/api/v1/sessions/${waiting[0]?.id ?? ""}/confirm`, {
        clientLocationId: dorm?.id,
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      await t.db.kysely
        .updateTable("claims")
        .set({ ready_at: new Date(`${today}T00:00:00Z`) })
        .execute();
      await t.store.claimFiles.release(new Date(`${today}T12:00:00Z`));
      const ready = await t.store.claims.list({ status: "ready", limit: 100 });
      expect(ready.length).toBeGreaterThanOrEqual(2);

      for (const claim of ready) {
        for (const format of ["x12", "fhir"] as const) {
          const file = await as(t.app, ops)("GET", `/api/v1/claims/${claim.id}/${format}`);
          expect(file.statusCode, file.body).toBe(200);
          if (format === "fhir") expect(fhirSchema().validate(file.json())).toEqual([]);
          else parseX12(file.body);
        }
      }
      const res = await as(t.app, ops)("POST", "/api/v1/claim-exports", {
        since: "2026-01-01",
        format: "x12",
      });
      expect(res.statusCode, res.body).toBe(201);
      const result = res.json<{ claimIds: string[]; excluded: unknown[] }>();
      expect(result.excluded).toEqual([]);
      expect([...result.claimIds].sort()).toEqual(ready.map((c) => c.id).sort());
    } finally {
      await t.close();
    }
  });
});
