/**
 * One server-side answer per session (issue 14): every scheduled session carries its outlook
 * (the stored re-check: can it go ahead, billed to whom), and it is the answer confirming then
 * gives; a dry run of confirming and a preview of scheduling answer the same without writing;
 * an address given at confirmation belongs to that session unless it is saved on purpose.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import {
  as,
  loginAs,
  seedClient,
  seedProvider,
  startApp,
  type DbKind,
  type SeededClient,
  type SeededProvider,
  type TestApp,
} from "../support/app.js";

/** Scheduling happens early on Tuesday 16 June 2026 (04:00 in New York). */
const NOW = new Date("2026-06-16T08:00:00Z");
/** Confirming happens that afternoon, after SOON took place (sign-ins last that long). */
const AFTER = new Date("2026-06-16T16:00:00Z");
const SOON = "2026-06-16T10:00:00-04:00";
const NEXT_WEEK = "2026-06-23T10:00:00-04:00";
const IN_TWO_WEEKS = "2026-06-30T10:00:00-04:00";
const NY = "America/New_York";

let clock = NOW;
let confirming = 0;
async function afterTheSession<T>(work: () => Promise<T>): Promise<T> {
  confirming++;
  clock = AFTER;
  try {
    return await work();
  } finally {
    if (--confirming === 0) clock = NOW;
  }
}

interface Reason {
  code: string;
  message: string;
  fix: string | null;
}
interface Decision {
  outcome: string;
  basis: string | null;
  billTo: string | null;
  reasons: { code: string; message: string; fix?: string }[];
}
interface Place {
  line1: string | null;
  city: string | null;
  state: string;
  zip: string | null;
  source: string;
  sourceId: string | null;
  kind: string | null;
}
interface Outlook {
  checkedAt: string;
  checkedOn: string;
  billable: boolean;
  outcome: string | null;
  basis: string | null;
  billTo: string | null;
  location: Place | null;
  reason: Reason | null;
  summary: string;
  crisisBillable: boolean | null;
  decision: Decision | null;
}
interface SessionBody {
  id: string;
  status: string;
  serviceDate: string;
  decision: Decision | null;
  location: Place | null;
  outlook: Outlook | null;
}
interface ClaimBody {
  id: string;
  billTo: string;
  basis: string;
  cptCodes: string[];
  modifiers: string[];
  placeOfService: string;
  serviceLocation: Place;
}
interface ConfirmPreview {
  dryRun: true;
  wouldConfirm: boolean;
  outlook: Outlook;
  claim: {
    billTo: string;
    basis: string;
    cptCodes: string[];
    modifiers: string[];
    placeOfService: string;
  } | null;
}
interface ProblemBody {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
  decision?: Decision;
}

const KINDS: DbKind[] = ["pglite", "postgres"];

describe.each(KINDS)("session outlooks on %s", (kind) => {
  let t: TestApp;
  let maya: SeededProvider;
  let luis: SeededProvider;
  let asMaya: ReturnType<typeof as>;
  let asLuis: ReturnType<typeof as>;

  beforeAll(async () => {
    t = await startApp(kind, { now: () => clock });
    maya = await seedProvider(t.store, {
      name: "Maya Chen, LCSW",
      licenses: [{ state: "NY" }, { state: "NJ" }],
      credentials: [{ payer: "aetna", state: "NY" }],
      practiceLocations: [
        { label: "Midtown", line1: "350 Fifth Ave", city: "New York", state: "NY", zip: "10118" },
      ],
    });
    luis = await seedProvider(t.store, {
      name: "Luis Ortega, PsyD",
      licenses: [{ state: "CA", type: "PsyD" }],
      credentials: [{ payer: "aetna", state: "CA" }],
    });
    asMaya = as(t.app, await loginAs(t.app, maya.email));
    asLuis = as(t.app, await loginAs(t.app, luis.email));
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  /** An Aetna member living in Manhattan (Maya: licensed and in network there). */
  const manhattanClient = (name: string) =>
    seedClient(t.store, {
      providerId: maya.provider.id,
      name,
      coverage: { payer: "aetna", memberId: "W123987456" },
      locations: [{ state: "NY", zip: "10001", city: "New York", line1: "408 W 34th St" }],
    });

  /** An Aetna member living in Miami Beach (Maya holds no Florida license). */
  const miamiClient = (name: string) =>
    seedClient(t.store, {
      providerId: maya.provider.id,
      name,
      coverage: { payer: "aetna", memberId: "W555000111" },
      locations: [{ state: "FL", zip: "33139", city: "Miami Beach", line1: "1200 Ocean Dr" }],
    });

  const video = (client: SeededClient, startsAt: string, over: Record<string, unknown> = {}) => ({
    clientId: client.client.id,
    startsAt,
    timeZone: NY,
    durationMinutes: 53,
    modality: "telehealth",
    cptCode: "90837",
    ...over,
  });

  const crisis = (client: SeededClient, startsAt: string) =>
    video(client, startsAt, { crisis: true, durationMinutes: 60, cptCode: "90839" });

  async function schedule(body: Record<string, unknown>): Promise<SessionBody> {
    const res = await asMaya("POST", "/api/v1/sessions", body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<SessionBody>();
  }

  async function read(id: string): Promise<SessionBody> {
    const res = await asMaya("GET", `/api/v1/sessions/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<SessionBody>();
  }

  const confirm = (id: string, body: Record<string, unknown> = {}) =>
    afterTheSession(() => asMaya("POST", `/api/v1/sessions/${id}/confirm`, body));

  const dryRun = (id: string, body: Record<string, unknown> = {}, flag = "true", who = asMaya) =>
    afterTheSession(() => who("POST", `/api/v1/sessions/${id}/confirm?dryRun=${flag}`, body));

  function ok(res: LightMyRequestResponse): LightMyRequestResponse {
    expect(res.statusCode, res.body).toBe(200);
    return res;
  }

  function problem(res: LightMyRequestResponse, status: number, code: string): ProblemBody {
    expect(res.statusCode, res.body).toBe(status);
    const body = res.json<ProblemBody>();
    expect(body.code).toBe(code);
    return body;
  }

  async function claimCount(sessionId: string): Promise<number> {
    const r = await t.db.kysely
      .selectFrom("claims")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("session_id", "=", sessionId)
      .executeTakeFirstOrThrow();
    return r.n;
  }

  const auditCount = async (action: string, clientId: string) =>
    (await t.store.audit.search({ action, clientId, limit: 1000 })).length;

  describe("every scheduled session carries its outlook", () => {
    it("billable: the payer it would bill, and confirming then bills exactly that", async () => {
      const sam = await manhattanClient("Sam Rivera");
      const s = await schedule(video(sam, SOON));
      expect(s.outlook).toMatchObject({
        checkedOn: "2026-06-16",
        billable: true,
        outcome: "billable",
        basis: "in_network",
        billTo: "aetna",
        reason: null,
        crisisBillable: null,
        summary: "Billable in network in New York, New York, billed to Aetna",
      });
      expect(s.outlook?.location).toMatchObject({ state: "NY", zip: "10001", source: "client_location" });
      // Reading it back, one or in the list, gives the same answer.
      expect((await read(s.id)).outlook).toEqual(s.outlook);
      const list = ok(await asMaya("GET", `/api/v1/sessions?clientId=${sam.client.id}`)).json<
        SessionBody[]
      >();
      expect(list.find((x) => x.id === s.id)?.outlook).toEqual(s.outlook);

      const done = ok(await confirm(s.id, { clientLocationId: sam.locations[0]?.id })).json<{
        session: SessionBody;
        claim: ClaimBody;
      }>();
      expect(done.claim.billTo).toBe(s.outlook?.billTo);
      expect(done.claim.basis).toBe(s.outlook?.basis);
      expect(done.session.decision).toEqual(s.outlook?.decision);
      // Confirmed: the frozen decision speaks, the outlook is gone.
      expect(done.session.outlook).toBeNull();
      expect((await read(s.id)).outlook).toBeNull();
      // The first answers pay for loading the ZIP and code tables and compiling the routes' schemas.
    }, 120_000);

    it("refused: the first reason with its fix and whether a crisis session would be billable, as confirming then refuses", async () => {
      const riley = await miamiClient("Riley Park");
      const s = await schedule(video(riley, SOON));
      const outlook = s.outlook;
      expect(outlook).toMatchObject({
        billable: false,
        outcome: "not_billable",
        billTo: null,
        crisisBillable: true,
      });
      expect(outlook?.location).toMatchObject({ state: "FL", city: "Miami Beach" });
      expect(outlook?.reason?.fix).toBeTruthy();
      expect(outlook?.summary).toMatch(/^At risk in Miami Beach, Florida: /);

      const refused = problem(
        await confirm(s.id, { clientLocationId: riley.locations[0]?.id }),
        422,
        "NOT_BILLABLE",
      );
      const first = refused.decision?.reasons[0];
      expect(outlook?.reason).toEqual({
        code: first?.code,
        message: first?.message,
        fix: first?.fix ?? null,
      });
      expect((await read(s.id)).status).toBe("scheduled");
    });

    it("a trip added later flips the stored outlook of the session during the trip only", async () => {
      const sam = await manhattanClient("Sam Alvarez");
      const during = await schedule(video(sam, NEXT_WEEK));
      const after = await schedule(video(sam, IN_TWO_WEEKS));
      expect([during.outlook?.billable, after.outlook?.billable]).toEqual([true, true]);

      const trip = await asMaya("POST", `/api/v1/clients/${sam.client.id}/locations`, {
        kind: "temporary",
        line1: "1200 Collins Ave",
        city: "Miami Beach",
        state: "FL",
        zip: "33139",
        startsOn: "2026-06-21",
        endsOn: "2026-06-27",
      });
      expect(trip.statusCode, trip.body).toBe(201);

      const flipped = (await read(during.id)).outlook;
      expect(flipped).toMatchObject({ billable: false, outcome: "not_billable", crisisBillable: true });
      expect(flipped?.location).toMatchObject({ state: "FL", kind: "temporary" });
      expect(flipped?.reason?.fix).toBeTruthy();
      expect((await read(after.id)).outlook).toMatchObject({ billable: true, billTo: "aetna" });
    });
  });

  describe("confirm?dryRun", () => {
    it("writes nothing and answers the decision the real confirmation then gives", async () => {
      const sam = await manhattanClient("Sam Okafor");
      const s = await schedule(video(sam, SOON));
      const home = sam.locations[0]?.id;
      const locationsBefore = (await t.store.clients.locations(sam.client.id)).length;

      const preview = ok(await dryRun(s.id, { clientLocationId: home })).json<ConfirmPreview>();
      expect(preview).toMatchObject({
        dryRun: true,
        wouldConfirm: true,
        claim: {
          billTo: "aetna",
          basis: "in_network",
          cptCodes: ["90837"],
          modifiers: ["95"],
          // From home: place of service 10.
          placeOfService: "10",
        },
      });
      expect(preview.outlook).toMatchObject({
        checkedAt: AFTER.toISOString(),
        billable: true,
        billTo: "aetna",
      });
      // `?dryRun=1` is the same request.
      expect(ok(await dryRun(s.id, { clientLocationId: home }, "1")).json<ConfirmPreview>()).toEqual(preview);

      // Nothing written: still scheduled, no claim, no location; the look at client data is audited.
      expect((await read(s.id)).status).toBe("scheduled");
      expect(await claimCount(s.id)).toBe(0);
      expect((await t.store.clients.locations(sam.client.id)).length).toBe(locationsBefore);
      expect(await auditCount("session.confirm_preview", sam.client.id)).toBe(2);

      const done = ok(await confirm(s.id, { clientLocationId: home })).json<{
        session: SessionBody;
        claim: ClaimBody;
      }>();
      expect(done.claim).toMatchObject(preview.claim ?? {});
      expect(done.session.decision).toEqual(preview.outlook.decision);

      // Confirmed: the dry run answers the stored confirmation.
      const again = ok(await dryRun(s.id, { clientLocationId: home })).json<ConfirmPreview>();
      expect(again).toMatchObject({ wouldConfirm: true, claim: preview.claim });
      expect(again.outlook.decision).toEqual(done.session.decision);
      expect(await claimCount(s.id)).toBe(1);
    });

    it("answers a refusal as wouldConfirm false with the reason confirming refuses with", async () => {
      const riley = await miamiClient("Riley Chen");
      const s = await schedule(video(riley, SOON));
      const preview = ok(
        await dryRun(s.id, { clientLocationId: riley.locations[0]?.id }),
      ).json<ConfirmPreview>();
      expect(preview).toMatchObject({ wouldConfirm: false, claim: null });
      expect(preview.outlook).toMatchObject({ billable: false, crisisBillable: true });
      const refused = problem(
        await confirm(s.id, { clientLocationId: riley.locations[0]?.id }),
        422,
        "NOT_BILLABLE",
      );
      expect(preview.outlook.decision).toEqual(refused.decision);
      expect(preview.outlook.reason?.code).toBe(refused.decision?.reasons[0]?.code);
    });

    it("previews a crisis call from a new address without saving the address", async () => {
      const sam = await manhattanClient("Sam Haddad");
      const s = await schedule(crisis(sam, SOON));
      const address = { line1: "77 River St", city: "Hoboken", state: "NJ", zip: "07030" };
      const preview = ok(
        await dryRun(s.id, { address, saveLocation: true, crisisDocumentation: "Panic attack; grounding." }),
      ).json<ConfirmPreview>();
      expect(preview).toMatchObject({
        wouldConfirm: true,
        claim: { basis: "crisis", billTo: "aetna", cptCodes: ["90839"], placeOfService: "02" },
      });
      expect(preview.outlook.location).toMatchObject({ ...address, source: "new_address", sourceId: null });
      expect((await t.store.clients.locations(sam.client.id)).length).toBe(1);
      expect(await claimCount(s.id)).toBe(0);
    });

    it("refuses bad input exactly as confirming does", async () => {
      const sam = await manhattanClient("Sam Brooks");
      const s = await schedule(video(sam, SOON));
      for (const body of [
        { address: { state: "NY", zip: "07302" } },
        { clientLocationId: sam.locations[0]?.id, address: { state: "NY", zip: "10001" } },
        { clientLocationId: sam.locations[0]?.id, diagnosisCodes: ["NOTACODE"] },
      ]) {
        const real = problem(await confirm(s.id, body), 400, "INVALID_INPUT");
        const dry = problem(await dryRun(s.id, body), 400, "INVALID_INPUT");
        expect(dry.errors).toEqual(real.errors);
        expect(dry.detail).toBe(real.detail);
      }
      const c = await schedule(crisis(sam, SOON));
      const undocumented = { clientLocationId: sam.locations[0]?.id };
      expect(problem(await dryRun(c.id, undocumented), 400, "INVALID_INPUT").errors).toEqual(
        problem(await confirm(c.id, undocumented), 400, "INVALID_INPUT").errors,
      );
      // Not taken place yet: TOO_EARLY either way.
      const ahead = await schedule(video(sam, NEXT_WEEK));
      const early = await asMaya("POST", `/api/v1/sessions/${ahead.id}/confirm?dryRun=true`, {
        clientLocationId: sam.locations[0]?.id,
      });
      problem(early, 409, "TOO_EARLY");
      const flag = await asMaya("POST", `/api/v1/sessions/${s.id}/confirm?dryRun=maybe`, {});
      expect(problem(flag, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("query.dryRun");
      expect(await claimCount(s.id)).toBe(0);
    });

    it("answers another provider's session as not found", async () => {
      const sam = await manhattanClient("Sam Nguyen");
      const s = await schedule(video(sam, SOON));
      problem(
        await dryRun(s.id, { clientLocationId: sam.locations[0]?.id }, "true", asLuis),
        404,
        "NOT_FOUND",
      );
      problem(await dryRun("00000000-0000-4000-8000-000000000000", {}, "true", asLuis), 404, "NOT_FOUND");
      problem(await dryRun("not-a-uuid", {}), 404, "NOT_FOUND");
    });
  });

  describe("POST /sessions/preview", () => {
    it("answers the outlook for an office visit and a video session, and saves nothing", async () => {
      const sam = await manhattanClient("Sam Whitfield");
      const riley = await miamiClient("Riley Morgan");
      const before = (await t.store.sessions.list({ providerId: maya.provider.id, limit: 1000 })).length;

      const office = ok(
        await asMaya(
          "POST",
          "/api/v1/sessions/preview",
          video(sam, NEXT_WEEK, { modality: "in_person", practiceLocationId: maya.practiceLocations[0]?.id }),
        ),
      ).json<{ serviceDate: string; outlook: Outlook }>();
      expect(office.serviceDate).toBe("2026-06-23");
      expect(office.outlook).toMatchObject({ billable: true, basis: "in_network", billTo: "aetna" });
      expect(office.outlook.location).toMatchObject({ line1: "350 Fifth Ave", source: "practice_location" });

      const away = ok(await asMaya("POST", "/api/v1/sessions/preview", video(riley, NEXT_WEEK))).json<{
        serviceDate: string;
        outlook: Outlook;
      }>();
      expect(away.outlook).toMatchObject({ billable: false, outcome: "not_billable", crisisBillable: true });
      expect(away.outlook.location).toMatchObject({ state: "FL" });
      expect(away.outlook.reason?.fix).toBeTruthy();

      // Scheduling it gives the same verdict.
      const s = await schedule(video(riley, NEXT_WEEK));
      expect({ ...s.outlook, checkedAt: null }).toEqual({ ...away.outlook, checkedAt: null });

      const after = (await t.store.sessions.list({ providerId: maya.provider.id, limit: 1000 })).length;
      expect(after).toBe(before + 1);
      expect(await auditCount("session.preview", riley.client.id)).toBe(1);
      expect(await auditCount("session.preview", sam.client.id)).toBe(1);
    });

    it("checks the body as scheduling does", async () => {
      const sam = await manhattanClient("Sam Petrov");
      const missing = await asMaya(
        "POST",
        "/api/v1/sessions/preview",
        video(sam, NEXT_WEEK, { modality: "in_person" }),
      );
      expect(problem(missing, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("practiceLocationId");
      const past = await asMaya("POST", "/api/v1/sessions/preview", video(sam, "2026-06-15T10:00:00-04:00"));
      expect(problem(past, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("startsAt");
      // Someone else's client: the same field error as scheduling gives.
      const theirs = await asLuis("POST", "/api/v1/sessions/preview", video(sam, NEXT_WEEK));
      const scheduled = await asLuis("POST", "/api/v1/sessions", video(sam, NEXT_WEEK));
      expect(problem(theirs, 400, "INVALID_INPUT").errors).toEqual(
        problem(scheduled, 400, "INVALID_INPUT").errors,
      );
    });
  });

  describe("an address given at confirmation", () => {
    const hoboken = { line1: "77 River St", city: "Hoboken", state: "NJ", zip: "07030" };
    const documented = { crisisDocumentation: "Panic attack; grounding; safety plan." };

    it("belongs to that session only: the client does not move", async () => {
      const sam = await manhattanClient("Sam Kim");
      const call = await schedule(crisis(sam, SOON));
      const later = await schedule(video(sam, IN_TWO_WEEKS));
      const done = ok(await confirm(call.id, { address: hoboken, ...documented })).json<{
        session: SessionBody;
        claim: ClaimBody;
      }>();
      expect(done.claim.basis).toBe("crisis");
      expect(done.claim.serviceLocation).toMatchObject({ ...hoboken, source: "new_address", sourceId: null });
      expect(await t.store.clients.locations(sam.client.id)).toHaveLength(1);

      // The next session is still decided at home, in the stored outlook and in a fresh preview.
      const home = sam.locations[0]?.id;
      expect((await read(later.id)).outlook).toMatchObject({ billable: true, location: { sourceId: home } });
      const preview = ok(await asMaya("POST", "/api/v1/sessions/preview", video(sam, IN_TWO_WEEKS))).json<{
        outlook: Outlook;
      }>();
      expect(preview.outlook).toMatchObject({ billable: true, location: { sourceId: home } });
    });

    it("with saveLocation, becomes the client's place and decides their later sessions", async () => {
      const sam = await manhattanClient("Sam Lee");
      const call = await schedule(crisis(sam, SOON));
      const later = await schedule(video(sam, IN_TWO_WEEKS));
      const done = ok(await confirm(call.id, { address: hoboken, saveLocation: true, ...documented })).json<{
        session: SessionBody;
        claim: ClaimBody;
      }>();
      const saved = (await t.store.clients.locations(sam.client.id)).find(
        (l) => l.id === done.claim.serviceLocation.sourceId,
      );
      expect(saved).toMatchObject({ kind: "virtual_session", line1: "77 River St", state: "NJ" });

      const outlook = (await read(later.id)).outlook;
      expect(outlook).toMatchObject({ billable: false, crisisBillable: true });
      expect(outlook?.location).toMatchObject({ state: "NJ", sourceId: saved?.id });
    });

    it("saveLocation needs an address", async () => {
      const sam = await manhattanClient("Sam Ortiz");
      const s = await schedule(video(sam, SOON));
      const res = await confirm(s.id, { clientLocationId: sam.locations[0]?.id, saveLocation: true });
      expect(problem(res, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("saveLocation");
    });
  });
});
