/**
 * Serving the web app: the built files at "/", index.html for the app's own paths (so a reload
 * on /clients/… works), problem+json still for unknown /api paths, and a plain hint when the
 * app has not been built.
 */
import "../support/env.js";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../../src/http/server.js";
import { loadReference } from "../../src/reference/catalogue.js";
import { connect, migrate, type Db } from "../../src/store/db.js";
import { createStore } from "../../src/store/store.js";

describe("the web app's files", () => {
  let db: Db;
  let built: FastifyInstance;
  let unbuilt: FastifyInstance;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "stateline-web-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>Stateline</title><div id=root></div>");
    writeFileSync(join(dir, "assets", "index-abc123.js"), "console.log('app');");
    db = await connect({ dataDir: "memory" });
    await migrate(db);
    const deps = { store: createStore(db.kysely), geo: loadReference() };
    built = await buildServer({ ...deps, webDir: dir });
    unbuilt = await buildServer({ ...deps, webDir: join(dir, "missing") });
  });
  afterAll(async () => {
    await built.close();
    await unbuilt.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves index.html at / and for the app's paths, revalidated each time", async () => {
    for (const url of [
      "/",
      "/clients",
      "/clients/0b6f7c4e-1111-4222-8333-944445555666",
      "/sessions?client=x",
    ]) {
      const r = await built.inject({ url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers["content-type"], url).toMatch(/text\/html/);
      expect(r.body).toContain("<div id=root>");
      expect(r.headers["cache-control"]).toBe("no-cache");
      expect(r.headers["content-security-policy"]).toMatch(/script-src 'self'/);
    }
  });

  it("serves hashed assets as immutable", async () => {
    const r = await built.inject({ url: "/assets/index-abc123.js" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toMatch(/javascript/);
    expect(r.headers["cache-control"]).toMatch(/immutable/);
    // A file that is not there is a 404, not the app's page.
    expect((await built.inject({ url: "/assets/index-gone.js" })).statusCode).toBe(404);
  });

  it("keeps the API's own answers: problem+json for unknown /api paths, JSON elsewhere", async () => {
    const missing = await built.inject({ url: "/api/v1/nothing-here" });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect((await built.inject({ url: "/api/openapi.json" })).json()).toHaveProperty("openapi");
    expect((await built.inject({ url: "/healthz" })).json()).toEqual({ ok: true });
    const docs = await built.inject({ url: "/api/docs" });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toMatch(/swagger/i);
    expect((await built.inject({ method: "POST", url: "/clients" })).statusCode).toBe(404);
  });

  it("says how to build the app when it is not built", async () => {
    const r = await unbuilt.inject({ url: "/" });
    expect(r.statusCode).toBe(200);
    expect(r.body).toMatch(/npm run build/);
    expect((await unbuilt.inject({ url: "/clients" })).statusCode).toBe(404);
  });
});
