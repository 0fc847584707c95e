/** Lists of ids bound as one array parameter: more ids than PostgreSQL's 65,535 parameters work. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KINDS, startPlatform, type Platform } from "../support/platform.js";

describe.each(KINDS)("large id lists on %s", (kind) => {
  let p: Platform;
  beforeAll(async () => {
    p = await startPlatform(kind);
  });
  afterAll(async () => p.close());

  it("the locations of 70,000 clients in one query", async () => {
    const ids = Array.from({ length: 70_000 }, () => randomUUID());
    expect(await p.store.clients.locationsOf(ids)).toEqual([]);
  });
});
