/**
 * Contract v2 through the HTTP API, on both databases: compact privileges name their home state
 * (checked at entry, and told what the engine will conclude), telehealth-only state registrations
 * are accepted, coverage carries its product, and the product decides the claim filing indicator
 * (837P SBR09, FHIR Coverage.type) as it was when the session was confirmed.
 */
import { X12Parser, type X12Interchange } from "node-x12";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_BILLING } from "../../src/app/demo.js";
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

/** Sessions on 10 June 2026, confirmed on the 11th at noon. */
const NOW = new Date("2026-06-11T12:00:00Z");

const BILLING = {
  ...DEMO_BILLING,
  payerIds: { aetna: "60054", cigna: "62308", "bcbs-nc": "BCBSNC560", "anthem-ca": "ANTHEMCA" },
};

interface ProblemBody {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
  decision?: { outcome: string; reasons: { code: string; message: string }[] };
}
interface SavedLicenseBody {
  id: string;
  state: string;
  source: string;
  telehealthOnly: boolean;
  homeState: string | null;
  check: { holds: boolean; message: string } | null;
}
interface ClaimBody {
  id: string;
  billTo: string;
  homePlan: string;
}

const pathsOf = (res: LightMyRequestResponse) => (res.json<ProblemBody>().errors ?? []).map((e) => e.path);

function problem(res: LightMyRequestResponse, status: number): ProblemBody {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  return res.json<ProblemBody>();
}

/** SBR09 of a one-claim 837P, read back by the strict parser. */
function sbr09(edi: string): string | undefined {
  const ix = new X12Parser(true).parse(edi) as X12Interchange;
  const segs = ix.functionalGroups.flatMap((g) =>
    g.transactions.flatMap((t) => t.segments.map((s) => [s.tag, ...s.elements.map((e) => e.value)])),
  );
  return segs.find((s) => s[0] === "SBR")?.[9];
}

const video = (provider: SeededProvider, client: SeededClient): NewSession =>
  aVideoSession(provider, client, "2026-06-10T16:00:00Z", "America/Denver");

const KINDS: DbKind[] = ["pglite", "postgres"];

describe.each(KINDS)("contract v2 through the API on %s", (kind) => {
  let t: TestApp;
  let opsToken: string;

  beforeAll(async () => {
    t = await startApp(kind, { now: () => NOW });
    const ops = await seedOps(t.store);
    opsToken = await loginAs(t.app, ops.email);
    const res = await as(t.app, opsToken)("PUT", "/api/v1/billing-settings", BILLING);
    expect(res.statusCode, res.body).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  /** A psychologist with a Texas PsyD license (`status`), credentialed with Aetna in Colorado. */
  async function psychologist(status: "active" | "probation") {
    const p = await seedProvider(t.store, {
      licenses: [{ state: "TX", type: "PsyD", status }],
      credentials: [{ payer: "aetna", state: "CO" }],
    });
    return { p, call: as(t.app, await loginAs(t.app, p.email)) };
  }

  const privilege = (over: Record<string, unknown> = {}) => ({
    state: "CO",
    type: "PsyD",
    status: "active",
    validFrom: "2025-01-01",
    validTo: "2027-12-31",
    telehealthOnly: true,
    source: "PSYPACT",
    homeState: "TX",
    ...over,
  });

  describe("compact privileges and their home state", () => {
    it("refuses a privilege without a home state, naming homeState, and stores nothing", async () => {
      const { p, call } = await psychologist("active");
      const url = `/api/v1/providers/${p.provider.id}/licenses`;
      for (const body of [privilege({ homeState: undefined }), privilege({ homeState: null })]) {
        const res = await call("POST", url, body);
        expect(problem(res, 400).errors?.[0]?.path).toBe("homeState");
        expect(res.json<ProblemBody>().errors?.[0]?.message).toMatch(/home license/);
      }
      const file = (await call("GET", `/api/v1/providers/${p.provider.id}`)).json<{ licenses: unknown[] }>();
      expect(file.licenses).toHaveLength(1);
    });

    it("refuses a home state that is not a state code, or where the provider holds no state license", async () => {
      const { p, call } = await psychologist("active");
      const url = `/api/v1/providers/${p.provider.id}/licenses`;
      const notAState = await call("POST", url, privilege({ homeState: "XX" }));
      problem(notAState, 400);
      expect(pathsOf(notAState)).toContain("homeState");
      const notHeld = problem(await call("POST", url, privilege({ homeState: "AZ" })), 400);
      expect(notHeld.errors?.[0]).toMatchObject({ path: "homeState" });
      expect(notHeld.errors?.[0]?.message).toMatch(/no Arizona license is on file.*Texas/);
      // A home state on anything but a compact privilege is refused too.
      const onStateLicense = await call("POST", url, { ...privilege(), source: "state_board", state: "NM" });
      expect(problem(onStateLicense, 400).errors?.[0]?.path).toBe("homeState");
    });

    it("saves a valid privilege and says why it holds; the session it covers is billable end to end", async () => {
      const { p, call } = await psychologist("active");
      const res = await call("POST", `/api/v1/providers/${p.provider.id}/licenses`, privilege());
      expect(res.statusCode, res.body).toBe(201);
      const saved = res.json<SavedLicenseBody>();
      expect(saved).toMatchObject({ state: "CO", source: "PSYPACT", homeState: "TX", telehealthOnly: true });
      expect(saved.check?.holds).toBe(true);
      expect(saved.check?.message).toBe(
        "Colorado joined PSYPACT on 2018-04-12 and Texas on 2019-09-01; your Texas PsyD license qualifies.",
      );
      const file = (await call("GET", `/api/v1/providers/${p.provider.id}`)).json<{
        licenses: { source: string; homeState: string | null }[];
      }>();
      expect(file.licenses.find((l) => l.source === "PSYPACT")?.homeState).toBe("TX");

      const client = await seedClient(t.store, {
        providerId: p.provider.id,
        name: "Robin Vega",
        birthDate: "1990-02-03",
        coverage: { payer: "aetna", memberId: "W555000111", product: "ppo" },
        locations: [{ kind: "home", line1: "1550 Larimer St", city: "Denver", state: "CO", zip: "80202" }],
      });
      const session = await t.store.sessions.add(video(p, client));
      const confirmed = await call("POST", `/api/v1/sessions/${session.id}/confirm`, {
        clientLocationId: client.locations[0]?.id,
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json<{ claim: ClaimBody }>().claim).toMatchObject({ billTo: "aetna" });
      expect(
        confirmed.json<{ session: { decision: { license: { state: string } } } }>().session.decision.license,
      ).toMatchObject({ state: "CO" });
    });

    it("saves a privilege whose home license is on probation, warns, and the session is not billable", async () => {
      const { p, call } = await psychologist("probation");
      const res = await call("POST", `/api/v1/providers/${p.provider.id}/licenses`, privilege());
      expect(res.statusCode, res.body).toBe(201);
      const check = res.json<SavedLicenseBody>().check;
      expect(check?.holds).toBe(false);
      expect(check?.message).toMatch(/Texas home license, which is on probation/);

      const client = await seedClient(t.store, {
        providerId: p.provider.id,
        birthDate: "1990-02-03",
        coverage: { payer: "aetna", memberId: "W555000222" },
        locations: [{ kind: "home", line1: "1550 Larimer St", city: "Denver", state: "CO", zip: "80202" }],
      });
      const session = await t.store.sessions.add(video(p, client));
      const refused = await call("POST", `/api/v1/sessions/${session.id}/confirm`, {
        clientLocationId: client.locations[0]?.id,
      });
      const body = problem(refused, 422);
      expect(body.code).toBe("NOT_BILLABLE");
      expect(body.decision?.reasons[0]?.code).toBe("PRIVILEGE_NOT_VALID");
      expect(await t.store.claims.forSession(session.id)).toBeUndefined();
      // The clients list marks the client as seen without authority there.
      const list = (await call("GET", "/api/v1/clients?date=2026-06-10")).json<
        { id: string; badge: string }[]
      >();
      expect(list.find((c) => c.id === client.client.id)?.badge).toBe("not_licensed");
    });

    it("accepts an NLC entry and says it does not authorise these sessions", async () => {
      const { p, call } = await psychologist("active");
      const res = await call("POST", `/api/v1/providers/${p.provider.id}/licenses`, {
        state: "CO",
        type: "RN",
        status: "active",
        source: "NLC",
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<SavedLicenseBody>().check).toMatchObject({ holds: false });
      expect(res.json<SavedLicenseBody>().check?.message).toMatch(/no authority for these sessions/);
    });

    it("accepts a telehealth-only state board registration (Florida's out-of-state telehealth registration)", async () => {
      const { p, call } = await psychologist("active");
      const res = await call("POST", `/api/v1/providers/${p.provider.id}/licenses`, {
        state: "FL",
        type: "PsyD",
        number: "TPxxx123",
        status: "active",
        telehealthOnly: true,
        source: "state_board",
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<SavedLicenseBody>()).toMatchObject({
        state: "FL",
        source: "state_board",
        telehealthOnly: true,
        homeState: null,
        check: null,
      });
    });
  });

  describe("coverage product", () => {
    it("round-trips through the API and is refused outside the list, naming product", async () => {
      const { p, call } = await psychologist("active");
      const created = await call("POST", "/api/v1/clients", {
        name: "Morgan Hale",
        coverage: { payer: "bcbs-nc", memberId: "YPB000111222", product: "hmo" },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json<{ id: string; coverage: { product: string | null } }>().id;
      expect(created.json<{ coverage: { product: string | null } }>().coverage.product).toBe("hmo");

      const put = await call("PUT", `/api/v1/clients/${id}/coverage`, {
        payer: "bcbs-nc",
        memberId: "YPB000111222",
        product: "fep",
      });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json<{ product: string }>().product).toBe("fep");
      const read = (await call("GET", `/api/v1/clients/${id}`)).json<{
        coverage: { product: string | null };
      }>();
      expect(read.coverage.product).toBe("fep");
      // Left out: not known.
      await call("PUT", `/api/v1/clients/${id}/coverage`, { payer: "aetna" });
      expect(
        (await call("GET", `/api/v1/clients/${id}`)).json<{ coverage: { product: string | null } }>().coverage
          .product,
      ).toBeNull();

      const bad = await call("PUT", `/api/v1/clients/${id}/coverage`, { payer: "aetna", product: "gold" });
      problem(bad, 400);
      expect(pathsOf(bad)).toContain("product");
      const badNew = await call("POST", "/api/v1/clients", {
        name: "Nobody",
        coverage: { payer: "aetna", product: "platinum" },
      });
      problem(badNew, 400);
      expect(pathsOf(badNew)).toContain("coverage.product");
      expect(p.provider.id).toBeTruthy();
    });
  });

  describe("claim filing indicator", () => {
    let p: SeededProvider;
    let call: ReturnType<typeof as>;

    beforeAll(async () => {
      p = await seedProvider(t.store, {
        licenses: [{ state: "NC" }],
        credentials: [
          { payer: "aetna", state: "NC" },
          { payer: "cigna", state: "NC" },
          { payer: "bcbs-nc", state: "NC" },
        ],
      });
      call = as(t.app, await loginAs(t.app, p.email));
    });

    /** A client in Durham with this coverage, a session on 10 June confirmed through the API. */
    async function claimFor(
      payer: string,
      product: string | null,
    ): Promise<{ claim: ClaimBody; client: SeededClient }> {
      const client = await seedClient(t.store, {
        providerId: p.provider.id,
        birthDate: "1985-05-05",
        coverage: { payer, memberId: "M123456789" },
        locations: [{ kind: "home", line1: "12 Duke St", city: "Durham", state: "NC", zip: "27701" }],
      });
      // The product through the API, as a provider records it.
      const put = await call("PUT", `/api/v1/clients/${client.client.id}/coverage`, {
        payer,
        memberId: "M123456789",
        product,
        effectiveFrom: "2025-01-01",
      });
      expect(put.statusCode, put.body).toBe(200);
      const session = await t.store.sessions.add({ ...video(p, client), timeZone: "America/New_York" });
      const res = await call("POST", `/api/v1/sessions/${session.id}/confirm`, {
        clientLocationId: client.locations[0]?.id,
      });
      expect(res.statusCode, res.body).toBe(200);
      return { claim: res.json<{ claim: ClaimBody }>().claim, client };
    }

    it.each([
      ["cigna", "hmo", "HM"],
      ["aetna", "ppo", "12"],
      ["aetna", "pos", "13"],
      ["aetna", "epo", "14"],
      ["aetna", "medicaid", "MC"],
      ["aetna", "medicare_advantage", "16"],
      ["aetna", "exchange", "CI"],
      ["aetna", null, "CI"],
      ["bcbs-nc", "hmo", "BL"],
      ["bcbs-nc", "ppo", "BL"],
      ["bcbs-nc", "fep", "FI"],
    ] as const)("%s %s is filed as SBR09 %s (X12 and FHIR)", async (payer, product, code) => {
      const { claim } = await claimFor(payer, product);
      const x12 = await call("GET", `/api/v1/claims/${claim.id}/x12`);
      expect(x12.statusCode, x12.body).toBe(200);
      expect(sbr09(x12.body)).toBe(code);
      const fhir = await call("GET", `/api/v1/claims/${claim.id}/fhir`);
      const coverage = fhir
        .json<{ entry: { resource: { resourceType: string; type?: { coding: { code: string }[] } } }[] }>()
        .entry.find((e) => e.resource.resourceType === "Coverage")?.resource;
      expect(coverage?.type?.coding[0]?.code).toBe(code);
    });

    it("keeps the product the claim was confirmed under when the coverage changes later", async () => {
      const { claim, client } = await claimFor("cigna", "hmo");
      const put = await call("PUT", `/api/v1/clients/${client.client.id}/coverage`, {
        payer: "cigna",
        memberId: "M123456789",
        product: "ppo",
      });
      expect(put.statusCode, put.body).toBe(200);
      const x12 = await call("GET", `/api/v1/claims/${claim.id}/x12`);
      expect(sbr09(x12.body)).toBe("HM");
    });
  });
});
