/**
 * Claims as files through the HTTP API and the job runner, on both databases: billing settings,
 * one claim as X12 837P and FHIR R4 (checked by an independent X12 parser and the official FHIR
 * schema), the hold and release of claims (pending → ready → exported) by jobs kept in
 * PostgreSQL, batch exports all or nothing, and who may read what.
 */
import { X12Parser, type X12Interchange } from "node-x12";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { DEMO_BILLING } from "../../src/app/demo.js";
import { JobRunner, platformJobs } from "../../src/app/jobs.js";
import type { NewSession } from "../../src/app/sessions-port.js";
import {
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
const videoOn10June = (provider: SeededProvider, client: SeededClient): NewSession => ({
  providerId: provider.provider.id,
  clientId: client.client.id,
  startsAt: new Date("2026-06-10T14:00:00Z"),
  timeZone: "America/New_York",
  serviceDate: "2026-06-10",
  durationMinutes: 53,
  modality: "telehealth",
  cptCode: "90837",
  crisis: false,
  practiceLocationId: null,
});

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
      name: "Maya Chen",
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
        { kind: "virtual_session", line1: "1130 Amsterdam Ave", city: "New York", state: "NY", zip: "10027" },
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
      const clm = segs.find((s) => s[0] === "CLM");
      // The patient control number: short enough to come back whole on the remittance.
      expect(clm?.[1]).toBe(claim.number);
      expect(claim.number).toMatch(/^SL\d{8}$/);
      expect(clm?.[2]).toBe("175");
      expect(clm?.[5]).toBe("10:B:1");
      expect(segs.find((s) => s[0] === "SV1")?.[1]).toBe("HC:90837:95");
      expect(segs.find((s) => s[0] === "HI")?.slice(1)).toEqual(["ABK:F411", "ABF:F331"]);
      // The service facility is where Jordan was: the dorm.
      const facilityAt = segs.findIndex((s) => s[0] === "NM1" && s[1] === "77");
      expect(segs[facilityAt + 1]?.[1]).toBe("1130 AMSTERDAM AVE");
      expect(segs[facilityAt + 2]?.slice(1, 4)).toEqual(["NEW YORK", "NY", "10027"]);
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

    it("exports the ready claims into one interchange, marks them exported and never sends one twice", async () => {
      // Everything confirmed so far is past its hold; Robin's claim has no member ID, so first
      // the batch fails whole, naming it, and nothing is exported.
      at("2026-06-20T12:00:00Z");
      opsToken = await loginAs(t.app, ops.email);
      mayaToken = await loginAs(t.app, maya.email);
      await t.store.claimFiles.release(clock);
      const ready = await t.store.claims.list({ status: "ready", limit: 100 });
      expect(ready.length).toBeGreaterThan(3);
      const refused = await as(t.app, opsToken)("POST", "/api/v1/claim-exports", {
        since: "2026-06-01",
        format: "x12",
      });
      const body = problem(refused, 409);
      const robin = ready.find((c) => c.clientId === noCard.client.id);
      expect(body.errors?.map((e) => e.path)).toContain(`claims.${robin?.id ?? ""}.coverage.memberId`);
      expect((await t.store.claims.list({ status: "exported", limit: 100 })).length).toBe(0);

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
      }>();
      expect(result.export.claimCount).toBe(ready.length);
      expect([...result.claimIds].sort()).toEqual(ready.map((c) => c.id).sort());

      const file = await as(t.app, opsToken)("GET", `/api/v1/claim-exports/${result.export.id}/file`);
      expect(file.statusCode).toBe(200);
      const ix = parseX12(file.body);
      expect(Number(ix.header.elements[12]?.value)).toBe(result.export.interchangeControlNumber);
      expect(ix.functionalGroups).toHaveLength(1);
      const group = ix.functionalGroups[0];
      expect(group?.transactions).toHaveLength(ready.length);
      expect(group?.trailer.elements[0]?.value).toBe(String(ready.length));
      for (const tx of group?.transactions ?? []) {
        // SE01 counts ST through SE.
        expect(Number(tx.trailer.elements[0]?.value)).toBe(tx.segments.length + 2);
      }

      const exported = await t.store.claims.list({ status: "exported", limit: 100 });
      expect(exported.map((c) => c.exportId)).toEqual(exported.map(() => result.export.id));
      const again = await as(t.app, opsToken)("POST", "/api/v1/claim-exports", {
        since: "2026-06-01",
        format: "fhir",
      });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ export: null, claimIds: [] });
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
