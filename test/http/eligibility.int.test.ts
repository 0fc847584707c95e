/**
 * Eligibility end to end on both databases, with the sandbox clearinghouse running on a temporary
 * mailbox: "Verify coverage" → a 270 kept and sent (read back by node-x12, strict) → the
 * sandbox's 271 → the answer stored and shown in words → the engine reads the verified dates and
 * product; an inactive or rejected answer raises an alert on the client's upcoming sessions and a
 * later active one clears it; queued checks (a coverage change) go out with the send job; and who
 * may see what.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { X12Interchange, X12Parser } from "node-x12";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveBillingSettings } from "../../src/app/claim-files.js";
import { DEMO_BILLING } from "../../src/app/demo.js";
import { SYSTEM } from "../../src/app/actor.js";
import { processInbox } from "../../src/app/clearinghouse.js";
import { queueMonthlyChecks, sendQueuedChecks } from "../../src/app/eligibility-send.js";
import { engineCoverage } from "../../src/app/placement.js";
import { Mailbox } from "../../src/clearinghouse/mailbox.js";
import { SandboxClearinghouse } from "../../src/clearinghouse/sandbox.js";
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

interface CheckBody {
  id: string;
  clientId: string;
  status: string;
  reason: string;
  summary: string | null;
  sandbox: boolean;
  requestedBy: string | null;
  answerUrl: string | null;
  answer: { product: string | null; planBegin: string | null; rejections: { code: string }[] } | null;
}
interface ProblemBody {
  errors?: { path: string; message: string }[];
}

const KINDS: DbKind[] = ["pglite", "postgres"];
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe.each(KINDS)("eligibility on %s", (kind) => {
  let t: TestApp;
  let dir: string;
  let mailbox: Mailbox;
  let sandbox: SandboxClearinghouse;
  let maya: SeededProvider;
  let omar: SeededProvider;
  let mayaToken: string;
  let omarToken: string;
  let opsToken: string;
  let clientToken: string;
  let jordan: SeededClient;
  let alex: SeededClient;
  let casey: SeededClient;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "stateline-eligibility-"));
    mailbox = await new Mailbox({ dir, sandbox: true }).open();
    sandbox = new SandboxClearinghouse({ dir, pollMs: 100 });
    await sandbox.start();
    t = await startApp(kind, { deps: { clearinghouse: mailbox } });
    await saveBillingSettings(t.store, t.geo, SYSTEM, DEMO_BILLING);
    maya = await seedProvider(t.store, { name: "Maya R. Chen, LCSW" });
    omar = await seedProvider(t.store, { name: "Omar Haddad, LMFT" });
    jordan = await seedClient(t.store, {
      providerId: maya.provider.id,
      name: "Jordan Lee",
      birthDate: "2004-03-14",
      coverage: { payer: "bcbs-nc", memberId: "YPB123456789", product: null },
      email: `jordan-${kind}@example.org`,
    });
    alex = await seedClient(t.store, {
      providerId: maya.provider.id,
      name: "Alex Kim",
      birthDate: "1988-09-22",
      coverage: { payer: "cigna", memberId: "U1122334455", product: "ppo" },
      locations: [{ state: "CA", zip: "94103", city: "San Francisco" }],
    });
    casey = await seedClient(t.store, {
      providerId: maya.provider.id,
      name: "Casey Morgan",
      coverage: { payer: "cigna", memberId: "U9999999999" },
    });
    const sessionDay = `${inDays(6)}T17:00:00Z`;
    await t.store.sessions.add(aVideoSession(maya, alex, sessionDay, "America/Los_Angeles"));
    const ops = await seedOps(t.store);
    [mayaToken, omarToken, opsToken, clientToken] = await Promise.all([
      loginAs(t.app, maya.email),
      loginAs(t.app, omar.email),
      loginAs(t.app, ops.email),
      loginAs(t.app, jordan.email ?? ""),
    ]);
  });

  afterAll(async () => {
    await sandbox.stop();
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const verify = (token: string, clientId: string) =>
    as(t.app, token)("POST", `/api/v1/clients/${clientId}/eligibility`);

  it("verifies an active PPO: the 270 as the guide wants it, the 271 in words, the engine's product and dates", async () => {
    const res = await verify(mayaToken, jordan.client.id);
    expect(res.statusCode, res.body).toBe(200);
    const check = res.json<CheckBody>();
    expect(check).toMatchObject({
      status: "active",
      reason: "manual",
      sandbox: true,
      requestedBy: "Maya R. Chen, LCSW",
      summary:
        "Active PPO, mental health in network: $30 co-pay; deductible $400 of $1,500 left; out of network: 40% co-insurance; deductible $3,000 of $3,000 left",
    });
    expect(check.answer?.product).toBe("ppo");

    // The 270 went out as written, kept: node-x12 reads it strictly.
    const sent = await t.store.ediFiles.page({ direction: "out", kind: "270" }, { limit: 10 });
    expect(sent.items.length).toBeGreaterThanOrEqual(1);
    const file = await t.store.ediFiles.byId(sent.items[0]!.id);
    const parsed = new X12Parser(true).parse(file?.content ?? "");
    expect(parsed).toBeInstanceOf(X12Interchange);
    const segments = (parsed as X12Interchange).functionalGroups
      .flatMap((g) => g.transactions)
      .flatMap((tx) => tx.segments.map((s) => [s.tag, ...s.elements.map((e) => e.value)]));
    expect(segments.find((s) => s[0] === "NM1" && s[1] === "IL")?.[9]).toBe("YPB123456789");
    expect(segments.find((s) => s[0] === "NM1" && s[1] === "PR")?.[9]).toBe("DEMO560");
    expect(segments.find((s) => s[0] === "NM1" && s[1] === "1P")?.[9]).toBe(maya.provider.npi);
    expect(segments.filter((s) => s[0] === "EQ").map((s) => s[1])).toEqual(["30", "MH", "A6", "A8", "CF"]);

    // The raw 271, as the clearinghouse wrote it.
    const raw = await as(t.app, mayaToken)("GET", check.answerUrl ?? "");
    expect(raw.statusCode).toBe(200);
    expect(raw.headers["content-type"]).toMatch(/^application\/edi-x12/);
    expect(raw.body).toMatch(/^ISA\*00\*/);
    expect(raw.body).toContain("*ZZ*SANDBOX");

    // The engine reads the payer's product and start date over what was typed.
    const coverage = await t.store.clients.coverage(jordan.client.id);
    expect(coverage?.verified).toMatchObject({ status: "active", product: "ppo", from: "2026-01-01" });
    expect(engineCoverage(coverage!)).toMatchObject({ product: "ppo", effectiveFrom: "2026-01-01" });
  });

  it("an inactive plan ends the coverage on its last day and raises an alert on the upcoming session", async () => {
    const res = await verify(mayaToken, alex.client.id);
    expect(res.json<CheckBody>()).toMatchObject({ status: "inactive", summary: "Inactive since 2026-10-31" });
    const coverage = await t.store.clients.coverage(alex.client.id);
    expect(engineCoverage(coverage!)).toMatchObject({ effectiveTo: "2026-10-31" });
    const alerts = await as(t.app, mayaToken)("GET", "/api/v1/alerts");
    const alert = alerts
      .json<{ kind: string; clientId: string; message: string; sessions: unknown[] }[]>()
      .find((a) => a.kind === "coverage_not_verified" && a.clientId === alex.client.id);
    expect(alert?.message).toBe(
      "Alex Kim's coverage could not be verified: Inactive since 2026-10-31. 1 upcoming session may not be paid.",
    );
    expect(alert?.sessions).toHaveLength(1);
  });

  it("a member the payer does not know: rejected with AAA 75 in words", async () => {
    const res = await verify(mayaToken, casey.client.id);
    const check = res.json<CheckBody>();
    expect(check.status).toBe("rejected");
    expect(check.answer?.rejections.map((r) => r.code)).toEqual(["75"]);
    expect(check.summary).toBe("The payer could not find this member: check the member ID (AAA 75)");
  });

  it("a coverage that cannot be asked about answers 409 naming the field, and keeps nothing", async () => {
    const noPayer = await seedClient(t.store, {
      providerId: maya.provider.id,
      coverage: { payer: "humana", memberId: "H12345678" },
    });
    const noMember = await seedClient(t.store, {
      providerId: maya.provider.id,
      coverage: { payer: "aetna", memberId: null },
    });
    const a = await verify(mayaToken, noPayer.client.id);
    expect(a.statusCode).toBe(409);
    expect(a.json<ProblemBody>().errors?.map((e) => e.path)).toEqual(["coverage.payer"]);
    const b = await verify(mayaToken, noMember.client.id);
    expect(b.statusCode).toBe(409);
    expect(b.json<ProblemBody>().errors?.map((e) => e.path)).toEqual(["coverage.memberId"]);
    const history = await as(t.app, mayaToken)("GET", `/api/v1/clients/${noMember.client.id}/eligibility`);
    expect(history.json<CheckBody[]>()).toEqual([]);
  });

  it("a coverage change queues a check; the send job sends it and a later active answer clears the alert", async () => {
    const put = await as(t.app, mayaToken)("PUT", `/api/v1/clients/${alex.client.id}/coverage`, {
      payer: "bcbs-nc",
      memberId: "YPB123456789",
      product: "ppo",
      effectiveFrom: "2026-01-01",
    });
    expect(put.statusCode, put.body).toBe(200);
    let history = (await as(t.app, mayaToken)("GET", `/api/v1/clients/${alex.client.id}/eligibility`)).json<
      CheckBody[]
    >();
    expect(history[0]).toMatchObject({
      status: "queued",
      reason: "coverage_changed",
      requestedBy: "Maya R. Chen, LCSW",
    });
    expect(await sendQueuedChecks(t.store, mailbox, new Date(), { geo: t.geo })).toMatchObject({ sent: 1 });
    for (let i = 0; i < 40 && history[0]?.status !== "active"; i++) {
      await sandbox.drain();
      await processInbox(t.store, mailbox, null, new Date());
      history = (await as(t.app, mayaToken)("GET", `/api/v1/clients/${alex.client.id}/eligibility`)).json<
        CheckBody[]
      >();
      if (history[0]?.status !== "active") await new Promise((r) => setTimeout(r, 100));
    }
    expect(history.map((c) => c.status)).toEqual(["active", "inactive"]);
    const open = (await as(t.app, mayaToken)("GET", "/api/v1/alerts")).json<
      { kind: string; clientId: string }[]
    >();
    expect(open.some((a) => a.kind === "coverage_not_verified" && a.clientId === alex.client.id)).toBe(false);
    // Everyone was checked this month: the monthly job has nothing to queue for them.
    const queued = await queueMonthlyChecks(t.store, new Date());
    const mine = (await as(t.app, mayaToken)("GET", `/api/v1/clients/${jordan.client.id}/eligibility`)).json<
      CheckBody[]
    >();
    expect(mine.filter((c) => c.reason === "monthly")).toEqual([]);
    expect(queued).toBeGreaterThanOrEqual(0);
  });

  it("who may see what: the provider and operations; another provider and the client get 404", async () => {
    const id = jordan.client.id;
    const [first] = (await as(t.app, opsToken)("GET", `/api/v1/clients/${id}/eligibility`)).json<
      CheckBody[]
    >();
    expect(first?.status).toBe("active");
    for (const token of [omarToken, clientToken]) {
      expect((await as(t.app, token)("GET", `/api/v1/clients/${id}/eligibility`)).statusCode).toBe(404);
      expect((await verify(token, id)).statusCode).toBe(404);
      expect((await as(t.app, token)("GET", `/api/v1/eligibility/${first?.id}/271`)).statusCode).toBe(404);
    }
    expect((await as(t.app, mayaToken)("GET", `/api/v1/eligibility/not-an-id/271`)).statusCode).toBe(404);
    const reads = await t.store.audit.search({ clientId: id, action: "eligibility", limit: 50 });
    expect(reads.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        "eligibility.verify",
        "eligibility.answer",
        "eligibility.list",
        "eligibility.read_271",
      ]),
    );
  });
});
