/**
 * Code sets through the HTTP API, on both databases: diagnoses must be billable ICD-10-CM codes
 * (a category such as F41 is refused with the codes to use), CPT codes must be ones Stateline
 * bills (scheduling, claim corrections, the fee schedule), and a crisis shorter than 30 minutes
 * is billed as the psychotherapy it was (90832), also under the crisis exception and in the 837P.
 */
import { X12Parser, type X12Interchange } from "node-x12";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { DEMO_BILLING } from "../../src/app/demo.js";
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

/** Sessions are scheduled at NOW (for SOON) and confirmed at AFTER. */
const NOW = new Date("2026-06-20T08:00:00Z");
const AFTER = new Date("2026-06-20T16:00:00Z");
const SOON = "2026-06-20T10:00:00-04:00";
let clock = NOW;

const BILLING = { ...DEMO_BILLING, payerIds: { aetna: "60054" } };

interface ProblemBody {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}
interface Confirmed {
  session: { id: string; durationMinutes: number; crisis: boolean };
  claim: { id: string; basis: string; cptCodes: string[]; diagnosisCodes: string[] };
}

const KINDS: DbKind[] = ["pglite", "postgres"];

describe.each(KINDS)("code sets on %s", (kind) => {
  let t: TestApp;
  let maya: SeededProvider;
  let sam: SeededClient; // Aetna, home in Manhattan; Maya is licensed in NY and credentialed with Aetna
  let mayaToken: string;
  let opsToken: string;

  beforeAll(async () => {
    t = await startApp(kind, { now: () => clock });
    maya = await seedProvider(t.store, {
      licenses: [{ state: "NY" }],
      credentials: [{ payer: "aetna", state: "NY" }],
    });
    sam = await seedClient(t.store, {
      providerId: maya.provider.id,
      name: "Sam Rivera",
      birthDate: "1984-11-20",
      coverage: { payer: "aetna", memberId: "W123987456" },
      locations: [{ kind: "home", line1: "408 W 34th St", city: "New York", state: "NY", zip: "10001" }],
    });
    const ops = await seedOps(t.store);
    [mayaToken, opsToken] = await Promise.all([loginAs(t.app, maya.email), loginAs(t.app, ops.email)]);
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  function problem(res: LightMyRequestResponse, status: number): ProblemBody {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    return res.json<ProblemBody>();
  }

  async function schedule(over: Record<string, unknown> = {}): Promise<{ id: string }> {
    clock = NOW;
    const res = await as(t.app, mayaToken)("POST", "/api/v1/sessions", {
      clientId: sam.client.id,
      startsAt: SOON,
      timeZone: "America/New_York",
      durationMinutes: 53,
      modality: "telehealth",
      cptCode: "90837",
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>();
  }

  async function confirm(id: string, body: Record<string, unknown> = {}): Promise<LightMyRequestResponse> {
    clock = AFTER;
    return as(t.app, mayaToken)("POST", `/api/v1/sessions/${id}/confirm`, {
      clientLocationId: sam.locations[0]?.id,
      ...body,
    });
  }

  it("refuses a category such as F41 at confirmation, naming diagnosisCodes[0] and codes to use", async () => {
    const s = await schedule();
    const res = await confirm(s.id, { diagnosisCodes: ["F41", "F43.23"] });
    const body = problem(res, 400);
    expect(body.errors?.[0]?.path).toBe("diagnosisCodes[0]");
    expect(body.errors?.[0]?.message).toMatch(
      /^"F41" is not a billable ICD-10-CM code: it is a category; use a code such as .*F41\.1 \(Generalized anxiety disorder\)/,
    );
    const made = await t.store.claims.list({ limit: 100 });
    expect(made.some((c) => c.sessionId === s.id)).toBe(false);
    // The same session with billable codes, typed as people type them.
    const fine = await confirm(s.id, { diagnosisCodes: ["f41.1", "F32.A", "Z63.0"] });
    expect(fine.statusCode, fine.body).toBe(200);
    expect(fine.json<Confirmed>().claim.diagnosisCodes).toEqual(["F411", "F32A", "Z630"]);
  });

  it("refuses a non-billable code saved on the client's record before codes were checked", async () => {
    const old = await seedClient(t.store, {
      providerId: maya.provider.id,
      diagnosisCodes: ["F41"],
      coverage: { payer: "aetna", memberId: "W555000111" },
      locations: [{ kind: "home", line1: "1 Main St", city: "New York", state: "NY", zip: "10001" }],
    });
    const s = await schedule({ clientId: old.client.id });
    const res = await confirm(s.id, { clientLocationId: old.locations[0]?.id });
    const body = problem(res, 400);
    expect(body.errors?.[0]?.path).toBe("diagnosisCodes");
    expect(body.errors?.[0]?.message).toMatch(/client's record .*"F41" is not a billable ICD-10-CM code/);
  });

  it("refuses a code that is no ICD-10-CM code at all (F99.999), suggesting the nearest", async () => {
    const s = await schedule();
    const body = problem(await confirm(s.id, { diagnosisCodes: ["F411", "F99.999"] }), 400);
    expect(body.errors?.[0]?.path).toBe("diagnosisCodes[1]");
    expect(body.errors?.[0]?.message).toMatch(/"F99\.999" is not a billable ICD-10-CM code .*F99 \(/);
  });

  it("refuses a non-behavioral CPT code when correcting a claim, naming cptCode and the allowed set", async () => {
    const s = await schedule();
    const r = await confirm(s.id);
    expect(r.statusCode, r.body).toBe(200);
    const claim = r.json<Confirmed>().claim;
    for (const cptCode of ["97110", "90833"]) {
      const res = await as(t.app, mayaToken)("PATCH", `/api/v1/claims/${claim.id}`, { cptCode });
      const body = problem(res, 400);
      expect(body.errors?.[0]?.path).toBe("cptCode");
      expect(body.errors?.[0]?.message).toContain("allowed: 90791, 90792, 90832, 90834, 90837, 90846");
    }
    expect((await t.store.claims.byId(claim.id))?.cptCodes).toEqual(["90837"]);
    const ok = await as(t.app, mayaToken)("PATCH", `/api/v1/claims/${claim.id}`, {
      cptCode: "90834",
      durationMinutes: 45,
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it("refuses a non-behavioral CPT code at scheduling", async () => {
    clock = NOW;
    const res = await as(t.app, mayaToken)("POST", "/api/v1/sessions", {
      clientId: sam.client.id,
      startsAt: SOON,
      timeZone: "America/New_York",
      durationMinutes: 30,
      modality: "telehealth",
      cptCode: "99283",
    });
    expect(problem(res, 400).errors?.[0]?.path).toBe("cptCode");
  });

  it("refuses a fee schedule with a code Stateline does not bill, naming fees.<code>", async () => {
    const res = await as(t.app, opsToken)("PUT", "/api/v1/billing-settings", {
      ...BILLING,
      fees: { ...BILLING.fees, "97110": 6000 },
    });
    const body = problem(res, 400);
    expect(body.errors?.[0]?.path).toBe("fees.97110");
    expect(body.errors?.[0]?.message).toMatch(/allowed: 90785, 90791/);
    const saved = await as(t.app, opsToken)("PUT", "/api/v1/billing-settings", {
      ...BILLING,
      fees: { ...BILLING.fees, "90832": 9500, "99214": 15000, "90833": 8000 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
  });

  it("bills a 25-minute crisis session as 90832, in network and under the crisis exception, and writes its 837P", async () => {
    const s = await schedule({ crisis: true, durationMinutes: 25, cptCode: "90839" });
    const r = await confirm(s.id, { crisisDocumentation: "Panic attack; grounding; safety plan." });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<Confirmed>().claim).toMatchObject({ basis: "in_network", cptCodes: ["90832"] });

    // In New Jersey Maya has no license: the crisis exception bills it, still as 90832.
    const away = await schedule({ crisis: true, durationMinutes: 25, cptCode: "90839" });
    const e = await confirm(away.id, {
      clientLocationId: undefined,
      address: { line1: "30 Hudson St", city: "Jersey City", state: "NJ", zip: "07302-3905" },
      crisisDocumentation: "Panic attack; grounding; safety plan.",
    });
    expect(e.statusCode, e.body).toBe(200);
    const claim = e.json<Confirmed>().claim;
    expect(claim).toMatchObject({ basis: "crisis", cptCodes: ["90832"] });
    await as(t.app, opsToken)("PUT", "/api/v1/billing-settings", {
      ...BILLING,
      fees: { ...BILLING.fees, "90832": 9500 },
    });
    const x12 = await as(t.app, mayaToken)("GET", `/api/v1/claims/${claim.id}/x12`);
    expect(x12.statusCode, x12.body).toBe(200);
    const ix = new X12Parser(true).parse(x12.body) as X12Interchange;
    const sv1 = ix.functionalGroups
      .flatMap((g) => g.transactions.flatMap((tx) => tx.segments))
      .find((seg) => seg.tag === "SV1");
    expect(sv1?.elements[0]?.value).toBe("HC:90832:95");

    // Corrected to 40 minutes, the same crisis is billed as crisis psychotherapy.
    const longer = await as(t.app, mayaToken)("PATCH", `/api/v1/claims/${claim.id}`, { durationMinutes: 40 });
    expect(longer.statusCode, longer.body).toBe(200);
    expect(longer.json<Confirmed>().claim.cptCodes).toEqual(["90839"]);
    // Under 16 minutes no psychotherapy code fits.
    const short = await as(t.app, mayaToken)("PATCH", `/api/v1/claims/${claim.id}`, { durationMinutes: 15 });
    expect(problem(short, 400).errors?.[0]?.path).toBe("durationMinutes");
  });

  it("keeps the code choice honest in the database: a crisis-exception claim carries 90839 or 90832 alone", async () => {
    const claims = await t.store.claims.list({ limit: 100 });
    const crisis = claims.find((c) => c.basis === "crisis");
    expect(crisis).toBeDefined();
    await expect(
      t.db.kysely
        .updateTable("claims")
        .set({ cpt_codes: ["90837"] })
        .where("id", "=", crisis!.id)
        .execute(),
    ).rejects.toThrow(/claims_crisis_basis_codes_check/);
    await expect(
      t.db.kysely
        .updateTable("claims")
        .set({ cpt_codes: ["90840"] })
        .where("id", "=", crisis!.id)
        .execute(),
    ).rejects.toThrow(/check/);
  });
});
