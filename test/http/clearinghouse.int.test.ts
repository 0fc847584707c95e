/**
 * The clearinghouse connector end to end on both databases, with the sandbox clearinghouse run
 * in this process on a temporary mailbox: an X12 claim export sent once as an 837P, answered by
 * the sandbox (999, 277CA, 835), read through the inbox: claims accepted (with the payer's claim
 * number) or rejected (a member the payer does not know, in words). Every file in and out kept
 * as written and audited; the same file received again recognised and not posted twice;
 * truncated, wrong-version and garbage files kept as rejected with their reasons, never posted;
 * operations only.
 */
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_BILLING } from "../../src/app/demo.js";
import type { NewSession } from "../../src/app/sessions-port.js";
import { Mailbox } from "../../src/clearinghouse/mailbox.js";
import { SandboxClearinghouse } from "../../src/clearinghouse/sandbox.js";
import { write999 } from "../../src/formats/x12-999.js";
import { readX12 } from "../../src/formats/x12.js";
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

let clock = new Date("2026-06-11T12:00:00Z");

const BILLING = {
  ...DEMO_BILLING,
  receiverName: "Example Clearinghouse",
  receiverId: "CLEARHOUSE",
  payerIds: { aetna: "60054" },
};

interface FileBody {
  id: string;
  direction: string;
  kind: string;
  name: string;
  status: string;
  problems: string[];
  duplicateOf: string | null;
  sandbox: boolean;
  interchangeControlNumber: string | null;
}
interface Outcome {
  name: string;
  fileId: string | null;
  kind: string;
  status: string;
  said: string;
}

const KINDS: DbKind[] = ["pglite", "postgres"];

describe.each(KINDS)("clearinghouse on %s", (kind) => {
  let t: TestApp;
  let dir: string;
  let mailbox: Mailbox;
  let sandbox: SandboxClearinghouse;
  let maya: SeededProvider;
  let sam: SeededClient; // known to the sandbox (W123987456)
  let robin: SeededClient; // not known to the sandbox: rejected by the 277CA
  let mayaToken: string;
  let opsToken: string;
  let samToken: string;
  let exportId: string;
  const claimNumbers: Record<string, string[]> = { sam: [], robin: [] };

  const ops = () => as(t.app, opsToken);
  const poll = async (): Promise<Outcome[]> => {
    const res = await ops()("POST", "/api/v1/clearinghouse/poll");
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ files: Outcome[] }>().files;
  };
  const inbox = async (name: string, content: string) => {
    await writeFile(join(dir, "inbox", name), content);
  };
  const files = async (query = ""): Promise<FileBody[]> => {
    const res = await ops()("GET", `/api/v1/edi-files${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<FileBody[]>();
  };

  beforeAll(async () => {
    clock = new Date("2026-06-11T12:00:00Z");
    dir = await mkdtemp(join(tmpdir(), `stateline-ch-${kind}-`));
    mailbox = await new Mailbox({ dir, sandbox: true }).open();
    sandbox = new SandboxClearinghouse({ dir, watch: false, now: () => clock });
    t = await startApp(kind, { now: () => clock, deps: { clearinghouse: mailbox } });
    maya = await seedProvider(t.store, {
      name: "Maya R. Chen, LCSW",
      licenses: [{ state: "NY" }],
      credentials: [{ payer: "aetna", state: "NY" }],
      practiceLocations: [{ line1: "350 Fifth Ave", city: "New York", state: "NY", zip: "10118" }],
    });
    const home = { kind: "home" as const, city: "New York", state: "NY" as const };
    sam = await seedClient(t.store, {
      providerId: maya.provider.id,
      name: "Taylor Brooks",
      birthDate: "1984-11-20",
      coverage: { payer: "aetna", memberId: "W123987456" },
      locations: [{ ...home, line1: "408 W 34th St", zip: "10001-1503" }],
      email: `taylor-ch-${kind}@stateline.test`,
    });
    robin = await seedClient(t.store, {
      providerId: maya.provider.id,
      name: "Robin Park",
      birthDate: "1990-01-01",
      coverage: { payer: "aetna", memberId: "W000000000" },
      locations: [{ ...home, line1: "200 W 86th St", zip: "10024-3310" }],
    });
    const opsUser = await seedOps(t.store);
    const signIn = async () => {
      [mayaToken, opsToken, samToken] = await Promise.all([
        loginAs(t.app, maya.email),
        loginAs(t.app, opsUser.email),
        loginAs(t.app, sam.email ?? ""),
      ]);
    };
    await signIn();
    expect((await ops()("PUT", "/api/v1/billing-settings", BILLING)).statusCode).toBe(200);
    for (const [who, client, hours] of [
      ["sam", sam, [13, 15, 17]],
      ["robin", robin, [19]],
    ] as const) {
      for (const h of hours) {
        const s: NewSession = aVideoSession(maya, client, `2026-06-10T${h}:00:00Z`, "America/New_York");
        const session = await t.store.sessions.add(s);
        const res = await as(t.app, mayaToken)("POST", `/api/v1/sessions/${session.id}/confirm`, {
          clientLocationId: client.locations[0]?.id,
        });
        expect(res.statusCode, res.body).toBe(200);
        claimNumbers[who]?.push(res.json<{ claim: { number: string } }>().claim.number);
      }
    }
    clock = new Date("2026-06-14T12:00:00Z");
    await signIn();
    expect(await t.store.claimFiles.release(clock)).toBe(4);
    const exported = await ops()("POST", "/api/v1/claim-exports", { since: "2026-06-01", format: "x12" });
    expect(exported.statusCode, exported.body).toBe(201);
    exportId = exported.json<{ export: { id: string } }>().export.id;
  }, 180_000);

  afterAll(async () => {
    await sandbox.stop();
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("sends an X12 export once, kept as written and labelled sandbox", async () => {
    const res = await ops()("POST", `/api/v1/claim-exports/${exportId}/submit`);
    expect(res.statusCode, res.body).toBe(201);
    const sent = res.json<FileBody>();
    expect(sent).toMatchObject({ direction: "out", kind: "837P", status: "sent", sandbox: true });
    expect(await readdir(join(dir, "outbox"))).toContain(sent.name);
    const file = await ops()("GET", `/api/v1/claim-exports/${exportId}/file`);
    const content = await ops()("GET", `/api/v1/edi-files/${sent.id}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.headers["content-type"]).toMatch(/^application\/edi-x12/);
    expect(content.body).toBe(file.body);

    const again = await ops()("POST", `/api/v1/claim-exports/${exportId}/submit`);
    expect(again.statusCode).toBe(409);
    expect(again.json<{ errors: { message: string }[] }>().errors[0]?.message).toBe(
      `already sent as file ${sent.id}`,
    );
  });

  it("takes in the sandbox's 999, 277CA and 835: claims accepted or rejected in words", async () => {
    expect(await sandbox.drain()).toBe(1);
    expect(await readdir(join(dir, "outbox", "taken"))).toHaveLength(1);
    const outcomes = await poll();
    expect(outcomes.map((o) => o.kind)).toEqual(["999", "277CA", "835"]);
    expect(outcomes[0]).toMatchObject({ status: "processed" });
    expect(outcomes[0]?.said).toMatch(/4 claim\(s\) accepted, 0 rejected/);
    expect(outcomes[1]).toMatchObject({ status: "processed" });
    expect(outcomes[1]?.said).toMatch(/3 claim\(s\) accepted, 1 rejected/);

    const all = [...claimNumbers.sam!, ...claimNumbers.robin!];
    const answered = await t.store.payerAnswers.claimsByNumber(all);
    const robinClaim = answered.find((c) => c.number === claimNumbers.robin![0]);
    expect(robinClaim?.payerStatus).toBe("rejected");
    const events = await t.store.claimFiles.events(robinClaim!.id);
    const rejected = events.find((e) => e.kind === "rejected");
    expect(JSON.stringify(rejected?.detail)).toContain(
      "Returned as unprocessable: rejected and not entered into the adjudication system: Subscriber and subscriber id not found (subscriber)",
    );
    for (const n of claimNumbers.sam!) {
      const c = answered.find((x) => x.number === n)!;
      // The 835 came after: paid, partially paid or denied; the 277CA's acceptance is in the history.
      expect(["accepted", "paid", "partially_paid", "denied"]).toContain(c.payerStatus);
      expect(c.payerControlNumber).toMatch(/^SBX\d+$/);
      expect((await t.store.claimFiles.events(c.id)).map((e) => e.kind)).toContain("accepted");
    }
    expect(await mailbox.poll(10)).toEqual([]);
  });

  it("keeps every file in and out, and lists them by direction, kind and status", async () => {
    const listed = await files();
    expect(listed.map((f) => `${f.direction} ${f.kind} ${f.status}`).sort()).toEqual([
      "in 277CA processed",
      "in 835 processed",
      "in 999 processed",
      "out 837P sent",
    ]);
    expect(listed.every((f) => f.sandbox)).toBe(true);
    expect((await files("?direction=in")).map((f) => f.kind).sort()).toEqual(["277CA", "835", "999"]);
    expect((await files("?kind=999")).map((f) => f.kind)).toEqual(["999"]);
    const page = await ops()("GET", "/api/v1/edi-files?limit=2");
    expect(page.json<FileBody[]>()).toHaveLength(2);
    const next = page.headers["x-next-cursor"] as string;
    const rest = await files(`?limit=2&cursor=${next}`);
    expect(rest).toHaveLength(2);
    const one = await ops()("GET", `/api/v1/edi-files/${listed[0]!.id}`);
    expect(one.json<FileBody>()).toEqual(listed[0]);
  });

  it("recognises a file received again and posts it no second time", async () => {
    const [first] = await files("?kind=999&direction=in");
    const content = (await ops()("GET", `/api/v1/edi-files/${first!.id}/content`)).body;
    await inbox("again-999.x12", content);
    const [outcome] = await poll();
    expect(outcome).toMatchObject({ kind: "999", status: "duplicate" });
    const [dup] = await files("?status=duplicate");
    expect(dup).toMatchObject({ duplicateOf: first!.id, name: "again-999.x12" });
    expect(dup?.problems[0]).toMatch(/^the same file as SBX\d+-999\.x12, received .*: not posted again$/);
  });

  it("keeps truncated, wrong-version, unknown and garbage files as rejected with reasons, never posted", async () => {
    const sent = (await files("?kind=837P"))[0]!;
    const x12 = readX12((await ops()("GET", `/api/v1/edi-files/${sent.id}/content`)).body);
    const ack = (n: number) =>
      write999(x12, {
        interchangeControlNumber: n,
        groupControlNumber: n,
        createdAt: clock,
        usage: "T",
        senderId: "SANDBOX",
      });
    const before = await t.store.payerAnswers.claimsByNumber(claimNumbers.sam!);
    await inbox("1-truncated.x12", ack(700001).slice(0, 200));
    await inbox("2-old-version.x12", ack(700002).replace("*00501*", "*00401*"));
    await inbox("3-garbage.x12", "Dear provider, please find attached…");
    // A 999 for a group we never sent.
    await inbox("4-stranger.x12", ack(700004).replace(/AK1\*HC\*\d+\*/, "AK1*HC*99999*"));
    const outcomes = await poll();
    expect(outcomes.map((o) => [o.name, o.status])).toEqual([
      ["1-truncated.x12", "rejected"],
      ["2-old-version.x12", "rejected"],
      ["3-garbage.x12", "rejected"],
      ["4-stranger.x12", "rejected"],
    ]);
    expect(outcomes[0]?.said).toMatch(/truncated/);
    expect(outcomes[1]?.said).toMatch(/wrong version: ISA12 is "00401", expected 00501/);
    expect(outcomes[2]?.said).toBe("not an X12 file: it has no ISA segment");
    expect(outcomes[3]?.said).toMatch(/acknowledges 837P group 99999, which Stateline did not send/);
    const rejected = await files("?status=rejected");
    expect(rejected).toHaveLength(4);
    expect(rejected.every((f) => f.problems.length > 0)).toBe(true);
    const after = await t.store.payerAnswers.claimsByNumber(claimNumbers.sam!);
    expect(after).toEqual(before);
  });

  it("audits every file kept, and each read of one", async () => {
    const res = await ops()("GET", "/api/v1/audit?action=edi_file&limit=200");
    expect(res.statusCode, res.body).toBe(200);
    const events = res.json<{ action: string; entityId: string | null }[]>();
    const kept = await files("?limit=500");
    for (const f of kept) {
      const action = f.direction === "out" ? "edi_file.send" : "edi_file.receive";
      expect(
        events.some((e) => e.action === action && e.entityId === f.id),
        `${action} ${f.name}`,
      ).toBe(true);
    }
    expect(events.some((e) => e.action === "edi_file.read")).toBe(true);
  });

  it("shows the connector to operations", async () => {
    const res = await ops()("GET", "/api/v1/clearinghouse");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      configured: true,
      sandbox: true,
      label: "Sandbox clearinghouse (test data)",
      waitingIn: 0,
      waitingOut: 0,
      files: { sent: 1, processed: 3, rejected: 4, duplicate: 1 },
    });
  });

  it("answers 404 to anyone but operations, 401 without signing in", async () => {
    const [file] = await files();
    for (const token of [mayaToken, samToken]) {
      for (const [method, url] of [
        ["GET", "/api/v1/clearinghouse"],
        ["POST", "/api/v1/clearinghouse/poll"],
        ["GET", "/api/v1/edi-files"],
        ["GET", `/api/v1/edi-files/${file!.id}`],
        ["GET", `/api/v1/edi-files/${file!.id}/content`],
        ["POST", `/api/v1/claim-exports/${exportId}/submit`],
      ] as const) {
        const res = await as(t.app, token)(method, url);
        expect(res.statusCode, `${method} ${url}`).toBe(404);
      }
    }
    const anonymous = await t.app.inject({ method: "GET", url: "/api/v1/edi-files" });
    expect(anonymous.statusCode).toBe(401);
    const missing = await ops()("GET", "/api/v1/edi-files/00000000-0000-4000-8000-000000000000");
    expect(missing.statusCode).toBe(404);
  });
});
