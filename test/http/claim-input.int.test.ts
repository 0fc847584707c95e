/**
 * The input claim files need (issue 11), through the HTTP API on both databases: providers'
 * names in parts with a display name, the client's administrative sex, ZIP+4 kept and read as
 * five digits by the engine, and text that would be cut or would break an 837P refused at the
 * door with the field and the limit, nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { DEMO_BILLING } from "../../src/app/demo.js";
import {
  as,
  anNpi,
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

interface ProblemBody {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}
interface ProviderBody {
  id: string;
  name: string;
  firstName: string;
  middleName: string | null;
  lastName: string;
  suffix: string | null;
  credentialLetters: string | null;
  credentials: unknown[];
  practiceLocations: { line1: string | null; line2: string | null; zip: string | null }[];
}
interface ClientBody {
  id: string;
  name: string;
  sex: string;
  coverage: { memberId: string | null } | null;
  badge: string;
  locations: { id: string; line1: string | null; line2: string | null; zip: string | null }[];
}

function problem(res: LightMyRequestResponse, path: string): ProblemBody {
  expect(res.statusCode, res.body).toBe(400);
  const body = res.json<ProblemBody>();
  expect(body.code).toBe("INVALID_INPUT");
  expect(body.errors?.map((e) => e.path)).toContain(path);
  return body;
}
const messageAt = (body: ProblemBody, path: string) => body.errors?.find((e) => e.path === path)?.message;

describe.each<DbKind>(["pglite", "postgres"])("claim input fields on %s", (kind) => {
  let t: TestApp;
  let ops: ReturnType<typeof as>;
  let asMaya: ReturnType<typeof as>;
  let maya: SeededProvider;
  let sam: SeededClient;

  beforeAll(async () => {
    t = await startApp(kind);
    maya = await seedProvider(t.store, {
      name: "Maya R. Chen, LCSW",
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
    ops = as(t.app, await loginAs(t.app, (await seedOps(t.store)).email));
    asMaya = as(t.app, await loginAs(t.app, maya.email));
  });
  afterAll(async () => t.close());

  describe("providers' names", () => {
    it("are created in parts and listed with the display name", async () => {
      const res = await ops("POST", "/api/v1/providers", {
        firstName: "Luis",
        middleName: "A.",
        lastName: "Ortega",
        suffix: "Jr.",
        credentialLetters: "PsyD",
        npi: anNpi(),
        taxonomy: "103TC0700X",
      });
      expect(res.statusCode, res.body).toBe(201);
      const created = res.json<ProviderBody>();
      expect(created).toMatchObject({
        name: "Luis A. Ortega Jr., PsyD",
        firstName: "Luis",
        middleName: "A.",
        lastName: "Ortega",
        suffix: "Jr.",
        credentialLetters: "PsyD",
        credentials: [],
      });
      const list = (await ops("GET", "/api/v1/providers")).json<ProviderBody[]>();
      expect(list.map((p) => p.name)).toEqual(
        expect.arrayContaining(["Luis A. Ortega Jr., PsyD", "Maya R. Chen, LCSW"]),
      );
      const mine = (await asMaya("GET", `/api/v1/providers/${maya.provider.id}`)).json<ProviderBody>();
      expect(mine).toMatchObject({
        firstName: "Maya",
        middleName: "R.",
        lastName: "Chen",
        credentialLetters: "LCSW",
      });
    });

    it("take `credentials` for the letters too, and leave out what is not given", async () => {
      const res = await ops("POST", "/api/v1/providers", {
        firstName: "Nadia",
        lastName: "Petrov",
        credentials: "MD, MPH",
        npi: anNpi(),
        taxonomy: "2084P0800X",
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<ProviderBody>()).toMatchObject({
        name: "Nadia Petrov, MD, MPH",
        middleName: null,
        suffix: null,
        credentialLetters: "MD, MPH",
      });
    });

    it("refuse a name part too long for its 837P element, a separator or a NUL, naming the field", async () => {
      const base = { firstName: "Grace", lastName: "Liu", npi: anNpi(), taxonomy: "103TC0700X" };
      const before = (await ops("GET", "/api/v1/providers")).json<unknown[]>().length;
      const long = problem(
        await ops("POST", "/api/v1/providers", { ...base, lastName: "L".repeat(61) }),
        "lastName",
      );
      expect(long.detail).toBe("lastName: at most 60 characters (an 837P last name holds 60)");
      const first = problem(
        await ops("POST", "/api/v1/providers", { ...base, firstName: "G".repeat(36) }),
        "firstName",
      );
      expect(messageAt(first, "firstName")).toBe("at most 35 characters (an 837P first name holds 35)");
      const star = problem(
        await ops("POST", "/api/v1/providers", { ...base, lastName: "Liu*PsyD" }),
        "lastName",
      );
      expect(star.detail).toBe('lastName: must not contain "*" (a claim-file separator)');
      problem(await ops("POST", "/api/v1/providers", { ...base, firstName: "Gr\u0000ace" }), "firstName");
      problem(await ops("POST", "/api/v1/providers", { ...base, lastName: "   " }), "lastName");
      problem(
        await ops("POST", "/api/v1/providers", { ...base, credentialLetters: "LCSW~MD" }),
        "credentialLetters",
      );
      expect((await ops("GET", "/api/v1/providers")).json<unknown[]>().length).toBe(before);
    });
  });

  describe("clients", () => {
    const newClient = (extra: Record<string, unknown> = {}, coverage: Record<string, unknown> = {}) => ({
      name: "Priya Patel",
      birthDate: "1990-07-02",
      coverage: { payer: "aetna", memberId: "W555000111", ...coverage },
      location: { kind: "home", line1: "2200 Ross Ave", city: "New York", state: "NY", zip: "10027" },
      ...extra,
    });

    it("keep their administrative sex (U when not given)", async () => {
      const res = await asMaya("POST", "/api/v1/clients", newClient({ sex: "F" }));
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json<ClientBody>().id;
      expect(res.json<ClientBody>().sex).toBe("F");
      expect((await asMaya("GET", `/api/v1/clients/${id}`)).json<ClientBody>().sex).toBe("F");
      const listed = (await asMaya("GET", "/api/v1/clients")).json<ClientBody[]>().find((c) => c.id === id);
      expect(listed?.sex).toBe("F");

      const unknown = await asMaya("POST", "/api/v1/clients", newClient());
      expect(unknown.json<ClientBody>().sex).toBe("U");
      const bad = problem(await asMaya("POST", "/api/v1/clients", newClient({ sex: "X" })), "sex");
      expect(messageAt(bad, "sex")).toMatch(/^expected F, M or U \(unknown\)/);
    });

    it("refuse a member id holding claim-file separators and write nothing", async () => {
      const count = async () => (await asMaya("GET", "/api/v1/clients")).json<unknown[]>().length;
      const before = await count();
      const created = problem(
        await asMaya("POST", "/api/v1/clients", newClient({}, { memberId: "W99*88~77:6" })),
        "coverage.memberId",
      );
      expect(created.detail).toBe('coverage.memberId: must not contain "*" (a claim-file separator)');
      expect(await count()).toBe(before);

      const updated = problem(
        await asMaya("PUT", `/api/v1/clients/${sam.client.id}/coverage`, {
          payer: "aetna",
          memberId: "W99*88~77:6",
        }),
        "memberId",
      );
      expect(updated.detail).toBe('memberId: must not contain "*" (a claim-file separator)');
      const after = (await asMaya("GET", `/api/v1/clients/${sam.client.id}`)).json<ClientBody>();
      expect(after.coverage?.memberId).toBe("W123987456");
      const events = await t.store.audit.search({
        clientId: sam.client.id,
        action: "coverage.update",
        limit: 5,
      });
      expect(events).toEqual([]);

      const tooLong = problem(
        await asMaya("PUT", `/api/v1/clients/${sam.client.id}/coverage`, {
          payer: "aetna",
          memberId: "W".repeat(81),
        }),
        "memberId",
      );
      expect(tooLong.detail).toBe("memberId: at most 80 characters (an 837P member id holds 80)");
    });

    it("refuse a NUL or a control character in a name", async () => {
      problem(await asMaya("POST", "/api/v1/clients", newClient({ name: "Priya\u0000Patel" })), "name");
      const tab = problem(
        await asMaya("POST", "/api/v1/clients", newClient({ name: "Priya\tPatel" })),
        "name",
      );
      expect(messageAt(tab, "name")).toMatch(/control characters/);
      const last = problem(
        await asMaya("POST", "/api/v1/clients", newClient({ name: `Priya ${"P".repeat(61)}` })),
        "name",
      );
      expect(messageAt(last, "name")).toMatch(/last name is at most 60 characters/);
    });
  });

  describe("addresses", () => {
    const trip = (extra: Record<string, unknown>) => ({
      kind: "virtual_session",
      line1: "1130 Amsterdam Ave",
      city: "New York",
      state: "NY",
      ...extra,
    });

    it("accept ZIP+4 in any of its spellings, keep 12345-6789, and still decide on the first five digits", async () => {
      for (const [given, kept] of [
        ["10027-6902", "10027-6902"],
        ["100276902", "10027-6902"],
        ["10027", "10027"],
      ] as const) {
        const res = await asMaya("POST", `/api/v1/clients/${sam.client.id}/locations`, trip({ zip: given }));
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json<{ zip: string }>().zip).toBe(kept);
      }
      const detail = (await asMaya("GET", `/api/v1/clients/${sam.client.id}`)).json<ClientBody>();
      expect(detail.locations.map((l) => l.zip)).toContain("10027-6902");
      // The engine read 10027: the client can be seen there (Aetna, NY license).
      expect(detail.badge).toBe("ok");
      const boxes = await asMaya("GET", `/api/v1/clients/${sam.client.id}/billing-method`);
      expect(boxes.statusCode, boxes.body).toBe(200);
    });

    it("refuse anything else as a ZIP, naming the field", async () => {
      for (const zip of ["1002", "10027-69", "10027 6902", "ABCDE", "1002769021"]) {
        const body = problem(
          await asMaya("POST", `/api/v1/clients/${sam.client.id}/locations`, trip({ zip })),
          "zip",
        );
        expect(body.detail).toMatch(/^zip: expected a 5-digit ZIP code or ZIP\+4 such as 10027-1234/);
      }
      // A ZIP+4 in the wrong state is still placed by its first five digits.
      const elsewhere = problem(
        await asMaya(
          "POST",
          `/api/v1/clients/${sam.client.id}/locations`,
          trip({ state: "NJ", zip: "10027-6902" }),
        ),
        "zip",
      );
      expect(elsewhere.detail).toMatch(/lies in NY, not NJ/);
    });

    it("keep a second address line and refuse a line an 837P cannot hold", async () => {
      const saved = await asMaya(
        "POST",
        `/api/v1/clients/${sam.client.id}/locations`,
        trip({ line2: "Room 412", zip: "10027" }),
      );
      expect(saved.statusCode, saved.body).toBe(201);
      expect(saved.json<{ line2: string }>().line2).toBe("Room 412");

      const before = (await asMaya("GET", `/api/v1/clients/${sam.client.id}`)).json<ClientBody>().locations
        .length;
      const long = problem(
        await asMaya("POST", `/api/v1/clients/${sam.client.id}/locations`, trip({ line1: "A".repeat(56) })),
        "line1",
      );
      expect(long.detail).toBe("line1: at most 55 characters (an 837P address line holds 55)");
      problem(
        await asMaya("POST", `/api/v1/clients/${sam.client.id}/locations`, trip({ line2: "Apt 4~B" })),
        "line2",
      );
      problem(
        await asMaya("POST", `/api/v1/clients/${sam.client.id}/locations`, trip({ city: "C".repeat(31) })),
        "city",
      );
      const after = (await asMaya("GET", `/api/v1/clients/${sam.client.id}`)).json<ClientBody>().locations
        .length;
      expect(after).toBe(before);
    });

    it("of practices take ZIP+4 and a second line", async () => {
      const res = await asMaya("POST", `/api/v1/providers/${maya.provider.id}/practice-locations`, {
        label: "Midtown office",
        line1: "350 Fifth Ave",
        line2: "Suite 4100",
        city: "New York",
        state: "NY",
        zip: "101184100",
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ line2: "Suite 4100", zip: "10118-4100" });
      problem(
        await asMaya("POST", `/api/v1/providers/${maya.provider.id}/practice-locations`, {
          label: "Office",
          line1: "350 Fifth Ave",
          state: "NY",
          zip: "10118-41",
        }),
        "zip",
      );
    });
  });

  describe("billing settings", () => {
    const billing = { ...DEMO_BILLING, payerIds: { aetna: "60054" } };

    it("keep the billing ZIP+4 as 12345-6789 and a second address line", async () => {
      const res = await ops("PUT", "/api/v1/billing-settings", {
        ...billing,
        address: {
          line1: "350 Fifth Ave",
          line2: "Suite 4100",
          city: "New York",
          state: "NY",
          zip: "101184100",
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<{ address: unknown }>().address).toEqual({
        line1: "350 Fifth Ave",
        line2: "Suite 4100",
        city: "New York",
        state: "NY",
        zip: "10118-4100",
      });
    });

    it("refuse a 56-character address line, separators in names, a five-digit ZIP and a fee past the ceiling", async () => {
      const line = problem(
        await ops("PUT", "/api/v1/billing-settings", {
          ...billing,
          address: { ...billing.address, line1: "A".repeat(56) },
        }),
        "address.line1",
      );
      expect(line.detail).toBe("address.line1: at most 55 characters (an 837P address line holds 55)");
      const name = problem(
        await ops("PUT", "/api/v1/billing-settings", { ...billing, name: "Stateline^Group" }),
        "name",
      );
      expect(name.detail).toBe('name: must not contain "^" (a claim-file separator)');
      problem(
        await ops("PUT", "/api/v1/billing-settings", {
          ...billing,
          address: { ...billing.address, zip: "10118" },
        }),
        "address.zip",
      );
      const fee = problem(
        await ops("PUT", "/api/v1/billing-settings", { ...billing, fees: { "90837": 10_000_001 } }),
        // The schema's path for a record key that is all digits.
        "fees[90837]",
      );
      expect(messageAt(fee, "fees[90837]")).toMatch(/from 1 to 10000000 \(\$100,000\)/);
      // Nothing of it was kept.
      const kept = (await ops("GET", "/api/v1/billing-settings")).json<{ name: string; fees: object }>();
      expect(kept.name).toBe(billing.name);
      expect(kept.fees).toEqual(billing.fees);
    });
  });

  it("documents the limits in the OpenAPI document", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json<{
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
      >;
    }>();
    const body = JSON.stringify(doc.paths["/api/v1/providers"]?.post?.requestBody);
    expect(body).toContain('"maxLength":60');
    expect(body).toContain("firstName");
    expect(body).toContain("credentialLetters");
  });
});
