/**
 * The directory and referrals through the HTTP API, on both databases: who sees what (operations
 * and providers in full, a client only with their own coverage at their own places, without
 * license internals), the reach index kept in step with licenses, credentials and rosters,
 * paging, the listing setting, and a referral from sending to accepting.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshReach } from "../../src/app/directory.js";
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

interface Entry {
  providerId: string;
  name: string;
  acceptingNewClients: boolean;
  basis: string;
  billTo: string;
  billToName: string;
  license: { state: string; type: string; validTo: string | null } | null;
  credential: { payer: string; state: string; network: string } | null;
  until: string | null;
  daysLeft: number | null;
  contact: { email: string | null; offices: { label: string; state: string }[] };
}
interface Page {
  view: string;
  search: { payer: string; state: string; zip: string | null; date: string; clientId: string | null };
  items: Entry[];
  next: string | null;
}
interface ReferralBody {
  id: string;
  status: string;
  direction: string | null;
  reason: string;
  client: { id: string; name: string };
  from: { id: string; name: string };
  to: { id: string; name: string };
  payer: string;
  payerName: string;
  state: string;
  zip: string | null;
  date: string;
  basis: string;
  billTo: string;
}
interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

const NOW = new Date("2026-09-14T15:00:00Z");
const NYC = "/api/v1/directory?payer=aetna&state=NY&zip=10027&date=2026-10-01";

describe.each<DbKind>(["pglite", "postgres"])("the directory and referrals on %s", (kind) => {
  let t: TestApp;
  let maya: SeededProvider;
  let luis: SeededProvider;
  let zoe: SeededProvider;
  let ana: SeededClient;
  let ben: SeededClient;
  let ops: ReturnType<typeof as>;
  let asMaya: ReturnType<typeof as>;
  let asLuis: ReturnType<typeof as>;
  let asZoe: ReturnType<typeof as>;
  let asAna: ReturnType<typeof as>;

  beforeAll(async () => {
    t = await startApp(kind, { now: () => NOW });
    maya = await seedProvider(t.store, {
      name: "Maya R. Chen, LCSW",
      licenses: [{ state: "NY", validTo: "2027-03-31" }],
      credentials: [{ payer: "aetna", state: "NY" }],
      practiceLocations: [{ state: "NY", zip: "10027", label: "Harlem office", city: "New York" }],
    });
    luis = await seedProvider(t.store, {
      name: "Luis Ortega, PsyD",
      licenses: [
        { state: "NJ", type: "PsyD" },
        { state: "NY", type: "PsyD", validTo: "2026-12-31" },
      ],
      credentials: [
        { payer: "aetna", state: "NY", effectiveTo: "2026-11-30" },
        { payer: "horizon-nj", state: "NJ" },
      ],
    });
    // Licensed in California only: cannot see a client in New York.
    zoe = await seedProvider(t.store, {
      name: "Zoe Park, LMFT",
      licenses: [{ state: "CA", type: "LMFT" }],
      credentials: [{ payer: "aetna", state: "CA" }],
    });
    await refreshReach(t.store, [maya.provider.id, luis.provider.id, zoe.provider.id]);
    ana = await seedClient(t.store, {
      providerId: maya.provider.id,
      name: "Ana Souza",
      email: "ana@example.com",
      coverage: { payer: "aetna", memberId: "W123456789" },
      locations: [{ state: "NY", zip: "10027", line1: "400 W 120th St", city: "New York" }],
    });
    ben = await seedClient(t.store, {
      providerId: luis.provider.id,
      name: "Ben Adler",
      coverage: { payer: "horizon-nj" },
      locations: [{ state: "NJ", zip: "07030" }],
    });
    const o = await seedOps(t.store);
    ops = as(t.app, await loginAs(t.app, o.email));
    asMaya = as(t.app, await loginAs(t.app, maya.email));
    asLuis = as(t.app, await loginAs(t.app, luis.email));
    asZoe = as(t.app, await loginAs(t.app, zoe.email));
    asAna = as(t.app, await loginAs(t.app, "ana@example.com"));
  });
  afterAll(async () => {
    await t.close();
  });

  it("lists, for operations, everyone who may see and bill there, with the license and credential used", async () => {
    const r = await ops("GET", NYC);
    expect(r.statusCode).toBe(200);
    const page = r.json<Page>();
    expect(page.view).toBe("full");
    expect(page.items.map((e) => e.name)).toEqual(["Luis Ortega, PsyD", "Maya R. Chen, LCSW"]);
    const luisEntry = page.items[0];
    expect(luisEntry).toMatchObject({
      basis: "in_network",
      billTo: "aetna",
      billToName: "Aetna",
      license: { state: "NY", type: "PsyD", validTo: "2026-12-31" },
      credential: { payer: "aetna", state: "NY", network: "standard" },
      // The credential ends first: 30 November, 60 days after 1 October.
      until: "2026-11-30",
      daysLeft: 60,
    });
    expect(page.items[1]?.contact).toEqual({
      email: maya.email,
      offices: [{ label: "Harlem office", city: "New York", state: "NY", zip: "10027" }],
    });
    // After Luis's credential ends, only Maya.
    const later = (await ops("GET", NYC.replace("2026-10-01", "2026-12-15"))).json<Page>();
    expect(later.items.map((e) => e.name)).toEqual(["Maya R. Chen, LCSW"]);
  });

  it("pages in a stable order with a cursor, and filters by license type", async () => {
    const first = (await ops("GET", `${NYC}&limit=1`)).json<Page>();
    expect(first.items.map((e) => e.name)).toEqual(["Luis Ortega, PsyD"]);
    expect(first.next).not.toBeNull();
    const second = (await ops("GET", `${NYC}&limit=1&cursor=${first.next ?? ""}`)).json<Page>();
    expect(second.items.map((e) => e.name)).toEqual(["Maya R. Chen, LCSW"]);
    expect(second.next).toBeNull();
    const lcsw = (await ops("GET", `${NYC}&licenseType=LCSW`)).json<Page>();
    expect(lcsw.items.map((e) => e.name)).toEqual(["Maya R. Chen, LCSW"]);
    const bad = await ops("GET", `${NYC}&cursor=nonsense`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>().errors?.[0]?.path).toBe("cursor");
  });

  it("refuses a payer the catalogue does not hold and a ZIP outside the state, naming the field", async () => {
    const payer = await ops("GET", "/api/v1/directory?payer=acme-health&state=NY");
    expect(payer.statusCode).toBe(400);
    expect(payer.json<Problem>().errors?.[0]?.path).toBe("payer");
    const zip = await ops("GET", "/api/v1/directory?payer=aetna&state=NY&zip=07030");
    expect(zip.statusCode).toBe(400);
    expect(zip.json<Problem>().errors?.[0]?.path).toBe("zip");
  });

  it("shows providers their colleagues in full (one practice)", async () => {
    const page = (await asZoe("GET", NYC)).json<Page>();
    expect(page.view).toBe("full");
    expect(page.items.map((e) => e.name)).toEqual(["Luis Ortega, PsyD", "Maya R. Chen, LCSW"]);
    expect(page.items[1]?.license?.type).toBe("LCSW");
  });

  it("lets a client search only with their own coverage at their own places, without license internals; audited", async () => {
    const r = await asAna("GET", "/api/v1/directory?date=2026-10-01");
    expect(r.statusCode).toBe(200);
    const page = r.json<Page>();
    expect(page.view).toBe("public");
    expect(page.search).toMatchObject({ payer: "aetna", state: "NY", zip: "10027", clientId: ana.client.id });
    expect(page.items.map((e) => e.name)).toEqual(["Luis Ortega, PsyD", "Maya R. Chen, LCSW"]);
    for (const e of page.items) {
      expect(e).toMatchObject({
        license: null,
        credential: null,
        until: null,
        daysLeft: null,
        basis: "in_network",
      });
    }
    const elsewhere = await asAna("GET", "/api/v1/directory?state=NJ&zip=07030");
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json<Problem>().errors?.[0]).toMatchObject({ path: "zip" });
    expect(elsewhere.json<Problem>().detail).toContain("not one of Ana Souza's places");
    const otherPayer = await asAna("GET", "/api/v1/directory?payer=cigna");
    expect(otherPayer.statusCode).toBe(400);
    expect(otherPayer.json<Problem>().errors?.[0]?.path).toBe("payer");
    // Another client's coverage and places do not exist for her.
    expect((await asAna("GET", `/api/v1/directory?clientId=${ben.client.id}`)).statusCode).toBe(404);
    const log = await ops("GET", `/api/v1/audit?clientId=${ana.client.id}&action=directory.search`);
    expect(log.statusCode).toBe(200);
    expect(log.json<{ action: string; clientId: string | null }[]>()[0]).toMatchObject({
      action: "directory.search",
      clientId: ana.client.id,
    });
  });

  it("searches for a provider's own client at the client's place; another provider's client is 404", async () => {
    const page = (
      await asMaya("GET", `/api/v1/directory?clientId=${ana.client.id}&date=2026-10-01`)
    ).json<Page>();
    expect(page.search).toMatchObject({ payer: "aetna", state: "NY", zip: "10027" });
    expect(page.items).toHaveLength(2);
    expect((await asMaya("GET", `/api/v1/directory?clientId=${ben.client.id}`)).statusCode).toBe(404);
  });

  it("keeps the index in step with licenses and credentials saved through the API and rosters", async () => {
    const nj = "/api/v1/directory?payer=aetna&state=NJ&zip=07030&date=2026-10-01";
    expect((await ops("GET", nj)).json<Page>().items).toEqual([]);
    // Maya gets a New Jersey license, then an Aetna credential there by roster.
    const lic = await asMaya("POST", `/api/v1/providers/${maya.provider.id}/licenses`, {
      state: "NJ",
      type: "LCSW",
      number: "44SC05999900",
      status: "active",
      validFrom: "2026-01-01",
      validTo: "2028-06-30",
    });
    expect(lic.statusCode).toBe(201);
    expect((await ops("GET", nj)).json<Page>().items).toEqual([]);
    const csv = `npi,payer,state,network,status,effective_from,effective_to\n${maya.provider.npi},aetna,NJ,standard,active,2026-02-01,\n`;
    const commit = await ops("POST", "/api/v1/ops/roster/commit", csv, { "content-type": "text/csv" });
    expect(commit.statusCode).toBe(200);
    const after = (await ops("GET", nj)).json<Page>();
    expect(after.items.map((e) => [e.name, e.until])).toEqual([["Maya R. Chen, LCSW", "2028-06-30"]]);
  });

  it("lets a provider say they are not accepting new clients, and the filter keeps them out", async () => {
    const other = await asMaya("PUT", `/api/v1/providers/${luis.provider.id}/directory`, {
      acceptingNewClients: false,
    });
    expect(other.statusCode).toBe(404);
    const saved = await asLuis("PUT", `/api/v1/providers/${luis.provider.id}/directory`, {
      acceptingNewClients: false,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ providerId: luis.provider.id, acceptingNewClients: false });
    const all = (await ops("GET", NYC)).json<Page>();
    expect(all.items.find((e) => e.name.startsWith("Luis"))?.acceptingNewClients).toBe(false);
    const open = (await ops("GET", `${NYC}&acceptingNew=true`)).json<Page>();
    expect(open.items.map((e) => e.name)).toEqual(["Maya R. Chen, LCSW"]);
    await asLuis("PUT", `/api/v1/providers/${luis.provider.id}/directory`, { acceptingNewClients: true });
  });

  it("sends a referral the receiving provider sees and accepts; the client stays with the sender", async () => {
    const sent = await asMaya("POST", "/api/v1/referrals", {
      clientId: ana.client.id,
      toProviderId: luis.provider.id,
      reason: "Ana asks for a psychologist for testing; I have no openings on Thursdays.",
      date: "2026-10-01",
    });
    expect(sent.statusCode).toBe(201);
    const referral = sent.json<ReferralBody>();
    expect(referral).toMatchObject({
      status: "sent",
      direction: "sent",
      client: { id: ana.client.id, name: "Ana Souza" },
      from: { id: maya.provider.id },
      to: { id: luis.provider.id },
      payer: "aetna",
      payerName: "Aetna",
      state: "NY",
      zip: "10027",
      date: "2026-10-01",
      basis: "in_network",
      billTo: "aetna",
    });

    const received = (await asLuis("GET", "/api/v1/referrals?box=received")).json<{
      items: ReferralBody[];
    }>();
    expect(received.items.map((r) => [r.id, r.direction, r.client.name])).toEqual([
      [referral.id, "received", "Ana Souza"],
    ]);
    expect((await asZoe("GET", "/api/v1/referrals")).json<{ items: unknown[] }>().items).toEqual([]);

    // Only the receiving provider answers it.
    const byMaya = await asMaya("POST", `/api/v1/referrals/${referral.id}/accept`);
    expect(byMaya.statusCode).toBe(403);
    expect((await asZoe("POST", `/api/v1/referrals/${referral.id}/accept`)).statusCode).toBe(404);
    const accepted = await asLuis("POST", `/api/v1/referrals/${referral.id}/accept`);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json<ReferralBody>().status).toBe("accepted");
    expect((await asLuis("POST", `/api/v1/referrals/${referral.id}/decline`)).statusCode).toBe(409);
    // Accepting does not move the client.
    expect((await asLuis("GET", `/api/v1/clients/${ana.client.id}`)).statusCode).toBe(404);
    expect((await asMaya("GET", `/api/v1/clients/${ana.client.id}`)).statusCode).toBe(200);

    const log = await ops("GET", `/api/v1/audit?clientId=${ana.client.id}&action=referral`);
    expect(log.json<{ action: string }[]>().map((e) => e.action)).toEqual(
      expect.arrayContaining(["referral.create", "referral.accept", "referral.list"]),
    );
  });

  it("refuses a referral to a provider who may not bill there (422 with the engine's decision), and clients may not refer", async () => {
    const r = await asMaya("POST", "/api/v1/referrals", {
      clientId: ana.client.id,
      toProviderId: zoe.provider.id,
      reason: "Closer to her new job.",
    });
    expect(r.statusCode).toBe(422);
    const body = r.json<Problem & { decision?: { outcome: string } }>();
    expect(body.detail).toContain("Zoe Park, LMFT may not see and bill Ana Souza in New York 10027");
    expect(body.decision?.outcome).toBe("not_billable");
    const byClient = await asAna("POST", "/api/v1/referrals", {
      clientId: ana.client.id,
      toProviderId: luis.provider.id,
      reason: "I would like to switch.",
    });
    expect(byClient.statusCode).toBe(403);
    const notHers = await asMaya("POST", "/api/v1/referrals", {
      clientId: ben.client.id,
      toProviderId: maya.provider.id,
      reason: "x",
    });
    expect(notHers.statusCode).toBe(404);
  });

  it("lets the sender withdraw a referral not yet answered", async () => {
    const sent = (
      await asMaya("POST", "/api/v1/referrals", {
        clientId: ana.client.id,
        toProviderId: luis.provider.id,
        reason: "Second opinion on medication.",
        date: "2026-10-01",
      })
    ).json<ReferralBody>();
    expect((await asLuis("POST", `/api/v1/referrals/${sent.id}/withdraw`)).statusCode).toBe(403);
    const withdrawn = await asMaya("POST", `/api/v1/referrals/${sent.id}/withdraw`);
    expect(withdrawn.json<ReferralBody>().status).toBe("withdrawn");
    const mine = (await asMaya("GET", "/api/v1/referrals?box=sent&limit=1")).json<{
      items: ReferralBody[];
      next: string | null;
    }>();
    expect(mine.items.map((r) => r.id)).toEqual([sent.id]);
    const rest = (await asMaya("GET", `/api/v1/referrals?box=sent&limit=1&cursor=${mine.next ?? ""}`)).json<{
      items: ReferralBody[];
      next: string | null;
    }>();
    expect(rest.items.map((r) => r.status)).toEqual(["accepted"]);
    expect(rest.next).toBeNull();
  });

  // Each server keeps the files it has read in memory (src/store/directory-file-cache.ts): a
  // search right after a change, made on another server or by hand, must show it.
  it("shows what changed since the last search, on this server, another or by hand", async () => {
    const other = await t.another();
    const mayaThere = as(other, await loginAs(other, maya.email));
    const mayaIn = async () =>
      (await ops("GET", NYC)).json<Page>().items.find((e) => e.providerId === maya.provider.id);
    const offices = async () => (await mayaIn())?.contact.offices.map((o) => o.label);
    expect(await offices()).toEqual(["Harlem office"]);
    expect(await offices()).toEqual(["Harlem office"]);

    const added = await mayaThere("POST", `/api/v1/providers/${maya.provider.id}/practice-locations`, {
      label: "Brooklyn office",
      line1: "195 Montague St Fl 14",
      city: "Brooklyn",
      state: "NY",
      zip: "11201-3631",
    });
    expect(added.statusCode).toBe(201);
    expect(await offices()).toEqual(["Harlem office", "Brooklyn office"]);

    const k = t.db.kysely;
    await sql`update users set email = 'maya.chen@harlemcounseling.example' where provider_id = ${maya.provider.id}`.execute(
      k,
    );
    await sql`update providers set name = 'Maya R. Chen-Ortiz, LCSW', last_name = 'Chen-Ortiz' where id = ${maya.provider.id}`.execute(
      k,
    );
    const renamed = await mayaIn();
    expect([renamed?.name, renamed?.contact.email]).toEqual([
      "Maya R. Chen-Ortiz, LCSW",
      "maya.chen@harlemcounseling.example",
    ]);
    await sql`delete from practice_locations where provider_id = ${maya.provider.id} and label = 'Brooklyn office'`.execute(
      k,
    );
    expect(await offices()).toEqual(["Harlem office"]);

    const ny = maya.licenses.find((l) => l.state === "NY");
    const renewed = await mayaThere("PUT", `/api/v1/providers/${maya.provider.id}/licenses/${ny?.id ?? ""}`, {
      state: "NY",
      type: "LCSW",
      number: "091234",
      status: "active",
      validFrom: "2024-04-01",
      validTo: "2029-03-31",
    });
    expect(renewed.statusCode).toBe(200);
    expect((await mayaIn())?.until).toBe("2029-03-31");

    await sql`update providers set name = ${maya.provider.name}, last_name = ${maya.provider.lastName} where id = ${maya.provider.id}`.execute(
      k,
    );
    await sql`update users set email = ${maya.email} where provider_id = ${maya.provider.id}`.execute(k);
    expect((await mayaIn())?.name).toBe("Maya R. Chen, LCSW");
  });
});
