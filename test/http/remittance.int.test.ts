/**
 * Remittance end to end on both databases: claims exported as an 837P, answered by the sandbox's
 * 835, taken in through the inbox (`processInbox`, the connector's one path) and posted — claims
 * paid, partially paid and denied with the reasons in words and the payer's claim control
 * number; the remittance list and detail with totals that balance; the denials queue and
 * "correct and resubmit" taking a claim off it. And what is refused whole and kept, never
 * half-posted: a remittance that does not balance, a payment posted before (the same bytes, or
 * re-sent in a new envelope), a truncated file, the wrong version, an unknown payer; a payment
 * for no claim of ours kept and listed. Operations only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_BILLING } from "../../src/app/demo.js";
import type { Clearinghouse, IncomingFile } from "../../src/app/clearinghouse-port.js";
import { processInbox, type InboxOutcome } from "../../src/app/clearinghouse.js";
import { sandbox835, sandboxOutcome, sandboxDenial } from "../../src/clearinghouse/sandbox-835.js";
import { readX12, writeInterchange, type Envelope } from "../../src/formats/x12.js";
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

const CONFIRMED_AT = new Date("2026-06-11T12:00:00Z");
let clock = CONFIRMED_AT;

const BILLING = {
  ...DEMO_BILLING,
  receiverName: "Example Clearinghouse",
  receiverId: "CLEARHOUSE",
  payerIds: { aetna: "60054", "anthem-ny": "EMPIRE803" },
};

interface ClaimBody {
  id: string;
  number: string;
}
interface AdjustmentBody {
  group: string;
  reason: string;
  amountCents: number;
  reasonText: string | null;
  text: string;
}
interface PaymentBody {
  id: string;
  claimId: string | null;
  patientControlNumber: string;
  outcome: string;
  status: string;
  chargeCents: number;
  paidCents: number;
  patientResponsibilityCents: number;
  payerControlNumber: string | null;
  reasons: string[];
  lines: {
    procedure: string;
    adjustments: AdjustmentBody[];
    remarks: { code: string; text: string | null }[];
  }[];
}
interface RemittanceBody {
  id: string;
  payerName: string;
  payerId: string;
  checkNumber: string;
  method: string;
  sandbox: boolean;
  totalCents: number;
  paidCents: number;
  expectedTotalCents: number;
  providerAdjustmentCents: number;
  claimCount: number;
  unmatchedCount: number;
  balanced: boolean;
}
interface DenialBody {
  claimId: string;
  claimNumber: string;
  payerStatus: string;
  payment: PaymentBody;
}

/** The connector as processInbox sees it: files put in by the test, taken once kept. */
class TestInbox implements Clearinghouse {
  readonly label = "Sandbox clearinghouse (test data)";
  readonly sandbox = true;
  files: IncomingFile[] = [];
  submit(): Promise<void> {
    return Promise.resolve();
  }
  poll(limit: number): Promise<IncomingFile[]> {
    return Promise.resolve(this.files.slice(0, limit));
  }
  taken(file: IncomingFile): Promise<void> {
    this.files = this.files.filter((f) => f !== file);
    return Promise.resolve();
  }
}

const envelope = (n: number): Envelope => ({
  interchangeControlNumber: n,
  groupControlNumber: n,
  createdAt: new Date("2026-06-20T15:00:00Z"),
  usage: "T",
});

/** A one-claim 837P for a claim number no claim of ours has. */
function strangerClaims(): string {
  return writeInterchange({
    senderId: "STATELINE",
    receiverId: "CLEARHOUSE",
    functionalId: "HC",
    implementation: "005010X222A1",
    transactionCode: "837",
    bodies: [
      [
        ["NM1", "85", "2", "HUDSON VALLEY BEHAVIORAL HEALTH", "", "", "", "", "XX", "1467583928"],
        ["SBR", "P", "18", "", "", "", "", "", "", "CI"],
        ["NM1", "IL", "1", "ALVAREZ", "DANA", "", "", "", "MI", "W000111222"],
        ["NM1", "PR", "2", "AETNA", "", "", "", "", "PI", "60054"],
        ["CLM", "SL99999991", "175", "", "", ["10", "B", "1"], "Y", "A", "Y", "Y"],
        ["LX", "1"],
        ["SV1", ["HC", "90837", "95"], "175", "UN", "1", "", "", ["1"]],
        ["DTP", "472", "D8", "20260610"],
      ],
    ],
    envelope: envelope(77),
  });
}

const KINDS: DbKind[] = ["pglite", "postgres"];

describe.each(KINDS)("remittance on %s", (kind) => {
  let t: TestApp;
  let maya: SeededProvider;
  let sam: SeededClient;
  let mayaToken: string;
  let opsToken: string;
  let samToken: string;
  const inbox = new TestInbox();
  const claims: ClaimBody[] = [];
  let remittance835 = "";

  const ops = () => as(t.app, opsToken);

  async function receive(name: string, content: string): Promise<InboxOutcome> {
    inbox.files.push({ name, content });
    const report = await processInbox(t.store, inbox, null, clock);
    expect(report.files).toHaveLength(1);
    return report.files[0]!;
  }

  async function remittances(): Promise<RemittanceBody[]> {
    const res = await ops()("GET", "/api/v1/remittances");
    expect(res.statusCode, res.body).toBe(200);
    return res.json<RemittanceBody[]>();
  }

  beforeAll(async () => {
    clock = CONFIRMED_AT;
    t = await startApp(kind, { now: () => clock });
    maya = await seedProvider(t.store, {
      name: "Maya R. Chen, LCSW",
      licenses: [{ state: "NY" }],
      credentials: [{ payer: "aetna", state: "NY" }],
      practiceLocations: [{ line1: "350 Fifth Ave", city: "New York", state: "NY", zip: "10118" }],
    });
    sam = await seedClient(t.store, {
      providerId: maya.provider.id,
      name: "Sam Rivera",
      birthDate: "1984-11-20",
      coverage: { payer: "aetna", memberId: "W123987456" },
      locations: [{ kind: "home", line1: "408 W 34th St", city: "New York", state: "NY", zip: "10001-1503" }],
      email: `sam-remit-${kind}@stateline.test`,
    });
    const opsUser = await seedOps(t.store);
    // Sign-ins last hours, not days: everyone signs in again when the clock moves on.
    const signIn = async () => {
      [mayaToken, opsToken, samToken] = await Promise.all([
        loginAs(t.app, maya.email),
        loginAs(t.app, opsUser.email),
        loginAs(t.app, sam.email ?? ""),
      ]);
    };
    await signIn();
    expect((await ops()("PUT", "/api/v1/billing-settings", BILLING)).statusCode).toBe(200);

    // Five video sessions on 10 June, confirmed, released after the hold, exported as one 837P.
    for (let i = 0; i < 5; i++) {
      const s: NewSession = aVideoSession(
        maya,
        sam,
        `2026-06-10T${String(13 + i)}:00:00Z`,
        "America/New_York",
      );
      const session = await t.store.sessions.add(s);
      const res = await as(t.app, mayaToken)("POST", `/api/v1/sessions/${session.id}/confirm`, {
        clientLocationId: sam.locations[0]?.id,
      });
      expect(res.statusCode, res.body).toBe(200);
      claims.push(res.json<{ claim: ClaimBody }>().claim);
    }
    clock = new Date("2026-06-14T12:00:00Z");
    await signIn();
    expect(await t.store.claimFiles.release(clock)).toBe(5);
    const exported = await ops()("POST", "/api/v1/claim-exports", { since: "2026-06-01", format: "x12" });
    expect(exported.statusCode, exported.body).toBe(201);
    const exportId = exported.json<{ export: { id: string } }>().export.id;
    const file = await ops()("GET", `/api/v1/claim-exports/${exportId}/file`);
    expect(file.statusCode).toBe(200);
    remittance835 = sandbox835(readX12(file.body), envelope(501), "2026-06-20") ?? "";
    expect(remittance835).not.toBe("");
    clock = new Date("2026-06-21T09:00:00Z");
    await signIn();
  }, 180_000);

  afterAll(async () => {
    await t.close();
  });

  it("refuses a remittance that does not balance, with the reason, and posts nothing", async () => {
    const unbalanced = remittance835.replace(/^BPR\*I\*([0-9.]+)\*/m, "BPR*I*9999.99*");
    expect(unbalanced).not.toBe(remittance835);
    const outcome = await receive("835-unbalanced.x12", unbalanced);
    expect(outcome.status).toBe("rejected");
    expect(outcome.said).toMatch(
      /AETNA payment \d+ does not balance: the payment \$9,999\.99 \(BPR02\) is not the claim payments/,
    );
    expect(await remittances()).toEqual([]);
    const answered = await t.store.payerAnswers.claimsByNumber(claims.map((c) => c.number));
    expect(answered.every((c) => c.payerStatus === null)).toBe(true);
  });

  it("posts the sandbox's 835: paid, partially paid and denied claims, in words", async () => {
    const outcome = await receive("835-sandbox.x12", remittance835);
    expect(outcome.status, outcome.said).toBe("processed");
    expect(outcome.said).toMatch(/0 unmatched/);

    const [remit] = await remittances();
    expect(remit).toMatchObject({
      payerName: "AETNA",
      payerId: "60054",
      method: "ACH",
      sandbox: true,
      claimCount: 5,
      unmatchedCount: 0,
      balanced: true,
    });
    expect(remit!.totalCents).toBe(remit!.expectedTotalCents);
    expect(remit!.totalCents).toBe(remit!.paidCents - remit!.providerAdjustmentCents);

    const detail = await ops()("GET", `/api/v1/remittances/${remit!.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const payments = detail.json<{ claims: PaymentBody[] }>().claims;
    expect(payments.map((p) => p.claimId)).toEqual(claims.map((c) => c.id));

    const answered = new Map(
      (await t.store.payerAnswers.claimsByNumber(claims.map((c) => c.number))).map((c) => [c.number, c]),
    );
    const outcomes = new Set<string>();
    for (const p of payments) {
      const planned = sandboxOutcome(p.patientControlNumber);
      const expected = planned === "paid" ? "paid" : planned === "denied" ? "denied" : "partially_paid";
      outcomes.add(expected);
      expect(p.outcome).toBe(expected);
      const claim = answered.get(p.patientControlNumber)!;
      expect(claim.payerStatus).toBe(expected);
      // The original claim takes the payer's claim control number, for a correction to quote.
      expect(claim.payerControlNumber).toBe(p.payerControlNumber);
      const events = await t.store.claimFiles.events(claim.id);
      expect(events.at(-1)?.kind).toBe(expected);
      if (expected === "denied") {
        const { carc, rarc } = sandboxDenial(p.patientControlNumber);
        expect(p.status).toBe("Denied");
        expect(p.paidCents).toBe(0);
        expect(p.lines[0]!.adjustments[0]).toMatchObject({ group: "CO", reason: carc });
        expect(p.lines[0]!.adjustments[0]!.reasonText).toBeTruthy();
        expect(p.lines[0]!.remarks[0]).toMatchObject({ code: rarc });
        expect(p.lines[0]!.remarks[0]!.text).toBeTruthy();
      } else {
        expect(p.reasons.some((r) => /^CO-45 Charge exceeds fee schedule/.test(r))).toBe(true);
      }
      if (expected === "partially_paid") {
        expect(p.patientResponsibilityCents).toBeGreaterThan(0);
        expect(p.reasons.some((r) => /^PR-[123] /.test(r))).toBe(true);
      }
    }
    expect([...outcomes].sort()).toEqual(["denied", "paid", "partially_paid"]);

    // Reading the remittance names clients' claims: audited.
    const events = await t.store.audit.search({ action: "remittance.read", limit: 5 });
    expect(events[0]?.entityId).toBe(remit!.id);
  });

  it("filters the list by payer, date paid and check number", async () => {
    const [remit] = await remittances();
    const q = async (query: string) =>
      (await ops()("GET", `/api/v1/remittances?${query}`)).json<RemittanceBody[]>().map((r) => r.id);
    expect(await q("payer=aetna")).toEqual([remit!.id]);
    expect(await q("payer=Cigna")).toEqual([]);
    expect(await q("from=2026-06-20&to=2026-06-20")).toEqual([remit!.id]);
    expect(await q("from=2026-06-21")).toEqual([]);
    expect(await q(`checkNumber=${remit!.checkNumber}`)).toEqual([remit!.id]);
    const bad = await ops()("GET", "/api/v1/remittances?from=2026-06-21&to=2026-06-01");
    expect(bad.statusCode).toBe(400);
  });

  it("does not post the same payment twice: the same file, or re-sent in a new envelope", async () => {
    const same = await receive("835-again.x12", remittance835);
    expect(same.status).toBe("duplicate");
    const resent = remittance835.replace(/\*000000501\*/, "*000000502*").replace(/000000501~/, "000000502~");
    expect(resent).not.toBe(remittance835);
    const outcome = await receive("835-resent.x12", resent);
    expect(outcome.status).toBe("rejected");
    expect(outcome.said).toMatch(/duplicate: AETNA payment \d+ was already posted from 835-sandbox\.x12/);
    expect(await remittances()).toHaveLength(1);
  });

  it("keeps and reports bad files: truncated, wrong version, unknown payer", async () => {
    const truncated = await receive(
      "835-truncated.x12",
      remittance835.slice(0, Math.floor(remittance835.length / 2)),
    );
    expect(truncated.status).toBe("rejected");
    expect(truncated.said).toMatch(/truncated/);
    const version = await receive("835-4010.x12", remittance835.replace(/005010X221A1/g, "004010X091A1"));
    expect(version.status).toBe("rejected");
    expect(version.said).toMatch(/wrong version/);
    const stranger = remittance835
      .replace(/REF\*2U\*60054~/, "REF*2U*99999~")
      .replace(/^TRN\*1\*(\d+)\*/m, "TRN*1*$1777*");
    const unknown = await receive("835-unknown-payer.x12", stranger);
    expect(unknown.status).toBe("rejected");
    expect(unknown.said).toMatch(/unknown payer: AETNA \(id 99999\) is not a payer we bill/);
    for (const id of [truncated.fileId, version.fileId, unknown.fileId]) {
      const kept = await t.store.ediFiles.byId(id!);
      expect(kept?.status).toBe("rejected");
    }
    expect(await remittances()).toHaveLength(1);
  });

  it("keeps a payment for no claim of ours and lists it for operations", async () => {
    const edi = sandbox835(readX12(strangerClaims()), envelope(601), "2026-06-20")!;
    const outcome = await receive("835-stranger.x12", edi);
    expect(outcome.status, outcome.said).toBe("processed");
    expect(outcome.said).toMatch(/1 unmatched/);
    const res = await ops()("GET", "/api/v1/claim-payments?unmatched=true");
    expect(res.statusCode, res.body).toBe(200);
    const unmatched = res.json<PaymentBody[]>();
    expect(unmatched.map((p) => p.patientControlNumber)).toEqual(["SL99999991"]);
    expect(unmatched[0]!.claimId).toBeNull();
    const all = (await ops()("GET", "/api/v1/claim-payments")).json<PaymentBody[]>();
    expect(all).toHaveLength(6);
    expect((await remittances())[0]!.unmatchedCount).toBe(1);
  });

  it("lists denials oldest first with reasons; correct and resubmit takes a claim off the queue", async () => {
    const res = await ops()("GET", "/api/v1/denials");
    expect(res.statusCode, res.body).toBe(200);
    const queue = res.json<DenialBody[]>();
    const expected = claims.filter((c) => sandboxOutcome(c.number) !== "paid").map((c) => c.number);
    expect(queue.map((d) => d.claimNumber).sort()).toEqual(expected.sort());
    const denied = queue.find((d) => d.payerStatus === "denied")!;
    expect(denied.payment.reasons[0]).toMatch(/^CO-\d+ /);
    expect(denied.payment.payerControlNumber).toMatch(/^SBX/);

    const replaced = await ops()("POST", `/api/v1/claims/${denied.claimId}/replacement`, {
      payerControlNumber: denied.payment.payerControlNumber,
      diagnosisCodes: ["F411"],
      reason: "Prior authorization obtained; resubmitting",
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    const after = (await ops()("GET", "/api/v1/denials")).json<DenialBody[]>();
    expect(after.map((d) => d.claimId)).not.toContain(denied.claimId);
    expect(after).toHaveLength(queue.length - 1);
  });

  it("is for operations only: providers and clients find no such route", async () => {
    const [remit] = await remittances();
    for (const token of [mayaToken, samToken]) {
      for (const path of [
        "/api/v1/remittances",
        `/api/v1/remittances/${remit!.id}`,
        "/api/v1/claim-payments?unmatched=true",
        "/api/v1/denials",
      ]) {
        const res = await as(t.app, token)("GET", path);
        expect(res.statusCode, path).toBe(404);
      }
    }
    const missing = await ops()("GET", "/api/v1/remittances/00000000-0000-4000-8000-000000000000");
    expect(missing.statusCode).toBe(404);
    const notAnId = await ops()("GET", "/api/v1/remittances/nope");
    expect(notAnId.statusCode).toBe(404);
  });
});
