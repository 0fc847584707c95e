/**
 * The audit log's hash chain on both databases: it holds as events are written (also many at
 * once), and an edit, a removal or a truncation by the database owner is found.
 */
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../src/app/audit-verify.js";
import type { NewAuditEvent } from "../../src/app/model.js";
import { KINDS, startPlatform, type Platform } from "../support/platform.js";

const event = (i: number): NewAuditEvent => ({
  actorUserId: null,
  actorRole: "ops",
  action: "test.event",
  entity: "thing",
  entityId: String(i),
  clientId: null,
  ip: "127.0.0.1",
  detail: { i, note: `event ${i}` },
});

describe.each(KINDS)("audit chain on %s", (kind) => {
  let p: Platform;
  beforeEach(async () => {
    p = await startPlatform(kind);
  });
  afterEach(async () => p.close());

  /** As the owner, around the append-only trigger: what someone with the database could do. */
  const asOwner = async (statement: ReturnType<typeof sql>) => {
    await sql`alter table audit_events disable trigger audit_events_no_update`.execute(p.db.kysely);
    await statement.execute(p.db.kysely);
    await sql`alter table audit_events enable trigger audit_events_no_update`.execute(p.db.kysely);
  };

  it("holds for events written one by one and many at once, concurrently", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => p.store.audit.record(event(i), event(100 + i))));
    const v = await verifyAuditChain(p.store);
    expect(v).toMatchObject({ ok: true, events: 40 });
    if (v.ok) expect(v.head.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("names the first event whose content was changed", async () => {
    for (let i = 0; i < 5; i++) await p.store.audit.record(event(i));
    await asOwner(
      sql`update audit_events set detail = '{"i": 2, "note": "rewritten"}' where entity_id = '2'`,
    );
    const v = await verifyAuditChain(p.store);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.at.seq).toBe(3);
      expect(v.problem).toMatch(/changed/);
      expect(v.events).toBe(2);
    }
  });

  it("finds a removed event", async () => {
    for (let i = 0; i < 5; i++) await p.store.audit.record(event(i));
    await asOwner(sql`delete from audit_events where entity_id = '1'`);
    const v = await verifyAuditChain(p.store);
    expect(v).toMatchObject({ ok: false, at: { seq: 3 } });
  });

  it("refuses updates, deletes and TRUNCATE through the normal path", async () => {
    await p.store.audit.record(event(1));
    await expect(sql`update audit_events set action = 'x'`.execute(p.db.kysely)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_events`.execute(p.db.kysely)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(p.db.kysely)).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(p.store)).ok).toBe(true);
  });
});
