/**
 * Operations read the audit log: each event names the person who acted (the provider's or
 * client's name, else the account's email) and the client it is about, and the log is searched
 * by person, client, action or group of actions and time window, a page at a time (`before`).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, loadDemo } from "../../src/app/demo.js";
import type { Actor } from "../../src/app/actor.js";
import { audit } from "../../src/app/audit.js";
import { loadReference } from "../../src/reference/catalogue.js";
import { bearer, KINDS, startPlatform, type Platform } from "../support/platform.js";

interface Event {
  id: number;
  at: string;
  actorUserId: string | null;
  actorRole: string | null;
  actorName: string | null;
  action: string;
  clientId: string | null;
  clientName: string | null;
  detail: unknown;
}

type Headers = Record<string, string>;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(KINDS)("audit search on %s", (kind) => {
  let p: Platform;
  let ops: Headers;
  let maya: Headers;
  let jordan: Headers;
  let luis: Headers;
  const userIds = new Map<string, string>();
  const clientIds = new Map<string, string>();
  /** When Maya read Priya's record, and when the first event after the window happened. */
  let windowStart = "";
  let windowEnd = "";
  /** Maya opens her clients list: one event naming the clients listed. */
  let mayaList: () => Promise<void> = () => Promise.resolve();

  const search = async (query: string): Promise<Event[]> => {
    const r = await p.app.inject({ url: `/api/v1/audit?${query}`, headers: ops });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<Event[]>();
  };
  const client = (name: string) => clientIds.get(name) ?? "";
  const user = (name: string) => userIds.get(name) ?? "";

  beforeAll(async () => {
    p = await startPlatform(kind, () => new Date("2026-05-01T15:00:00Z"));
    await p.store.transaction((tx) => loadDemo(tx, loadReference(), "2026-05-01"));
    [ops, maya, jordan, luis] = (await Promise.all(
      ["ops", "maya", "jordan", "luis"].map((who) => bearer(p.app, `${who}@stateline.test`, DEMO_PASSWORD)),
    )) as [Headers, Headers, Headers, Headers];
    for (const [who, h] of [
      ["ops", ops],
      ["maya", maya],
      ["jordan", jordan],
      ["luis", luis],
    ] as const) {
      userIds.set(who, (await p.app.inject({ url: "/api/v1/me", headers: h })).json<{ id: string }>().id);
    }
    for (const c of await p.store.clients.list(null)) clientIds.set(c.name, c.id);

    // What happened, a few milliseconds apart so that the time window has edges: recorded as the
    // use cases record them, by the people signed in above.
    const actor = async (h: Headers): Promise<Actor> => {
      const me = (await p.app.inject({ url: "/api/v1/me", headers: h })).json<
        Omit<Actor, "ip" | "userId"> & { id: string }
      >();
      return { ...me, userId: me.id, ip: "203.0.113.7" };
    };
    const [asMaya, asJordan, asLuis] = [await actor(maya), await actor(jordan), await actor(luis)];
    const jordanId = client("Jordan Lee");
    await pause(20);
    await audit(p.store, asMaya, "client.read", "client", client("Priya Patel"), client("Priya Patel"));
    await pause(20);
    await audit(p.store, asJordan, "client_location.list", "client", jordanId, jordanId, { history: false });
    const trip = await p.store.clients.addLocation(
      jordanId,
      {
        kind: "temporary",
        label: "Spring break",
        line1: null,
        line2: null,
        city: "Miami Beach",
        state: "FL",
        zip: "33139",
        startsOn: "2026-05-10",
        endsOn: "2026-05-17",
      },
      asJordan.userId,
    );
    await audit(p.store, asJordan, "client_location.create", "client_location", trip.id, jordanId, {
      kind: "temporary",
      state: "FL",
    });
    await pause(20);
    await audit(p.store, asLuis, "client.read", "client", client("Casey Morgan"), client("Casey Morgan"));
    mayaList = async () =>
      audit(p.store, asMaya, "client.list", "client", null, null, {
        clientIds: ["Jordan Lee", "Priya Patel", "Sam Rivera"].map(client),
      });

    const [jordanTrip] = await search("action=client_location.create&limit=1");
    const [priyaRead] = await search(`action=client.read&clientId=${client("Priya Patel")}&limit=1`);
    const [caseyRead] = await search(`action=client.read&clientId=${client("Casey Morgan")}&limit=1`);
    windowStart = priyaRead?.at ?? "";
    // One millisecond before Luis read Casey's record: the window ends with Jordan's trip.
    windowEnd = new Date(Date.parse(caseyRead?.at ?? "") - 1).toISOString();
    expect(Date.parse(windowEnd)).toBeGreaterThanOrEqual(Date.parse(jordanTrip?.at ?? ""));
  });
  afterAll(async () => p.close());

  it("names who acted and the client: a provider, a client, operations by email", async () => {
    const priya = await search(`clientId=${client("Priya Patel")}&action=client.read&limit=1`);
    expect(priya[0]).toMatchObject({
      action: "client.read",
      actorRole: "provider",
      actorUserId: user("maya"),
      actorName: "Maya R. Chen, LCSW",
      clientId: client("Priya Patel"),
      clientName: "Priya Patel",
    });
    const [trip] = await search(`actorUserId=${user("jordan")}&action=client_location.create`);
    expect(trip).toMatchObject({ actorName: "Jordan Lee", actorRole: "client", clientName: "Jordan Lee" });
    // Searching is itself recorded, under the operations account's email.
    const [searched] = await search(`actorUserId=${user("ops")}&action=audit.search&limit=1`);
    expect(searched).toMatchObject({ actorName: "ops@stateline.test", actorRole: "ops", clientName: null });
  });

  it("filters by person: only that account's events", async () => {
    const luisOnly = await search(`actorUserId=${user("luis")}`);
    expect(luisOnly.length).toBeGreaterThan(0);
    expect(new Set(luisOnly.map((e) => e.actorUserId))).toEqual(new Set([user("luis")]));
    expect(new Set(luisOnly.map((e) => e.actorName))).toEqual(new Set(["Luis A. Ortega Jr., PsyD"]));
    expect(luisOnly[0]).toMatchObject({ action: "client.read", clientName: "Casey Morgan" });
  });

  it("filters by client: their events and the list reads that included them, no one else's", async () => {
    await mayaList();
    const jordanEvents = await search(`clientId=${client("Jordan Lee")}`);
    const actions = jordanEvents.map((e) => e.action);
    expect(actions[0]).toBe("client.list");
    expect(jordanEvents[0]?.clientId).toBeNull();
    expect(jordanEvents[0]?.actorName).toBe("Maya R. Chen, LCSW");
    expect(actions).toEqual(expect.arrayContaining(["client_location.create", "client_location.list"]));
    const listedIds = (e: Event) => (e.detail as { clientIds?: string[] } | null)?.clientIds ?? [];
    for (const e of jordanEvents)
      expect(e.clientId === client("Jordan Lee") || listedIds(e).includes(client("Jordan Lee"))).toBe(true);
    const casey = await search(`clientId=${client("Casey Morgan")}`);
    expect(casey.some((e) => e.clientName === "Jordan Lee")).toBe(false);
  });

  it("filters by action, or by a group of actions (the part before the dot)", async () => {
    const exact = await search("action=client_location.create");
    expect(exact[0]).toMatchObject({ action: "client_location.create", clientName: "Jordan Lee" });
    expect(new Set(exact.map((e) => e.action))).toEqual(new Set(["client_location.create"]));
    const group = await search("action=client_location");
    expect(new Set(group.map((e) => e.action))).toEqual(
      new Set(["client_location.create", "client_location.list"]),
    );
    // "client" is client.read, client.list, client.create: not the client_location group.
    const clientGroup = new Set((await search("action=client&limit=500")).map((e) => e.action));
    expect([...clientGroup].every((a) => a.startsWith("client."))).toBe(true);
    expect(clientGroup).toContain("client.read");
    expect(clientGroup).toContain("client.create");
    // Half a word is not a group.
    expect(await search("action=client_loc")).toEqual([]);
  });

  it("filters by a time window, both ends included", async () => {
    const window = await search(
      `since=${encodeURIComponent(windowStart)}&until=${encodeURIComponent(windowEnd)}&limit=500`,
    );
    expect(window.map((e) => e.action).reverse()).toEqual([
      "client.read",
      "client_location.list",
      "client_location.create",
    ]);
    expect(window.at(-1)?.clientName).toBe("Priya Patel");
    const refused = await p.app.inject({
      url: `/api/v1/audit?since=${encodeURIComponent(windowEnd)}&until=${encodeURIComponent(windowStart)}`,
      headers: ops,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe("query.until");
  });

  it("pages backwards with before: no event twice, none left out", async () => {
    const all = await search("limit=500");
    expect(all.length).toBeGreaterThan(10);
    // The search just made is recorded after it answers: page from the first id seen.
    const start = (all[0]?.id ?? 0) + 1;
    const pages: Event[][] = [];
    let before = start;
    for (let i = 0; i < 3; i++) {
      const page = await search(`limit=4&before=${before}`);
      pages.push(page);
      before = page.at(-1)?.id ?? 0;
    }
    expect(pages.flat().map((e) => e.id)).toEqual(all.slice(0, 12).map((e) => e.id));
    expect(pages.every((page) => page.length === 4)).toBe(true);
  });

  it("is operations' only: to providers and clients it does not exist", async () => {
    for (const h of [maya, jordan])
      expect((await p.app.inject({ url: "/api/v1/audit?action=client", headers: h })).statusCode).toBe(404);
  });
});
