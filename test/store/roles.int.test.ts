/**
 * On a PostgreSQL server, the serving role (DATABASE_URL) is not the owner (MIGRATION_DATABASE_URL):
 * it works with the platform's tables but cannot rewrite, truncate or un-trigger the audit log.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../src/app/audit-verify.js";
import { connect, grantServing, migrate, type Db } from "../../src/store/db.js";
import { createStore } from "../../src/store/store.js";
import { freshDatabase, SERVER_URL } from "../support/platform.js";

describe("the serving role on a PostgreSQL server", () => {
  const role = `stateline_app_${randomBytes(4).toString("hex")}`;
  let drop: () => Promise<void>;
  let owner: Db;
  let app: Db;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`create role ${role} login`);
    await admin.end();
    const fresh = await freshDatabase();
    drop = fresh.drop;
    owner = await connect({ url: fresh.url });
    await migrate(owner);
    await grantServing(owner, role);
    const u = new URL(fresh.url);
    u.username = role;
    app = await connect({ url: u.toString() });
  });
  afterAll(async () => {
    await app.close();
    await owner.close();
    await drop();
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`drop role if exists ${role}`);
    await admin.end();
  });

  it("appends and reads audit events, and the chain holds", async () => {
    const store = createStore(app.kysely);
    await store.audit.record({
      actorUserId: null,
      actorRole: "ops",
      action: "test.event",
      entity: "thing",
      entityId: "1",
      clientId: null,
      ip: null,
    });
    expect((await verifyAuditChain(store)).ok).toBe(true);
  });

  it("cannot TRUNCATE, UPDATE or DELETE the audit log, nor disable its triggers, nor move its head", async () => {
    await expect(sql`truncate audit_events`.execute(app.kysely)).rejects.toThrow(/permission denied/);
    await expect(sql`update audit_events set action = 'x'`.execute(app.kysely)).rejects.toThrow(
      /permission denied/,
    );
    await expect(sql`delete from audit_events`.execute(app.kysely)).rejects.toThrow(/permission denied/);
    await expect(
      sql`alter table audit_events disable trigger audit_events_no_update`.execute(app.kysely),
    ).rejects.toThrow(/must be owner/);
    await expect(sql`update audit_chain set seq = 0`.execute(app.kysely)).rejects.toThrow(
      /permission denied/,
    );
  });

  it("still writes the rest of the platform's tables", async () => {
    const store = createStore(app.kysely);
    const p = await store.providers.add({
      firstName: "Ana",
      lastName: "Ruiz",
      npi: "1234567893",
      taxonomy: "1041C0700X",
    } as never);
    expect(p.id).toBeDefined();
  });
});
