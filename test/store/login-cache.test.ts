/**
 * The API server's memory of who is behind a sign-in token: kept only while the database's
 * messages are heard, never past the login session's end, never put back by a lookup that began
 * before a sign-out, bounded in age and size.
 */
import { describe, expect, it } from "vitest";
import type { User } from "../../src/app/model.js";
import { FORGET_ALL, LoginCache } from "../../src/store/login-cache.js";

const maya: User = {
  id: "u-1",
  email: "maya.chen@stateline.test",
  role: "provider",
  providerId: "p-1",
  clientId: null,
};
const omar: User = {
  id: "u-2",
  email: "omar.haddad@stateline.test",
  role: "ops",
  providerId: null,
  clientId: null,
};
const now = new Date("2026-12-05T10:00:00Z");
const inAnHour = new Date("2026-12-05T11:00:00Z");

function cache(options: { ttlMs?: number; capacity?: number } = {}) {
  let clock = 0;
  const c = new LoginCache({ ...options, clock: () => clock });
  c.enable();
  return { c, tick: (ms: number) => (clock += ms) };
}

describe("LoginCache", () => {
  it("keeps nothing until the server listens, and forgets all when it stops hearing", () => {
    const c = new LoginCache();
    c.set("t1", maya, inAnHour, c.generation);
    expect(c.get("t1", now)).toBeUndefined();
    c.enable();
    c.set("t1", maya, inAnHour, c.generation);
    expect(c.get("t1", now)).toEqual(maya);
    c.disable();
    expect(c.get("t1", now)).toBeUndefined();
    c.enable();
    expect(c.get("t1", now)).toBeUndefined();
  });

  it("never answers for a login session past its end", () => {
    const { c } = cache();
    c.set("t1", maya, inAnHour, c.generation);
    expect(c.get("t1", new Date("2026-12-05T10:59:59Z"))).toEqual(maya);
    expect(c.get("t1", inAnHour)).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it("asks the database again once an entry is older than its time to live", () => {
    const { c, tick } = cache({ ttlMs: 60_000 });
    c.set("t1", maya, inAnHour, c.generation);
    tick(59_999);
    expect(c.get("t1", now)).toEqual(maya);
    tick(1);
    expect(c.get("t1", now)).toBeUndefined();
  });

  it("forgets one token on its message, and every token on '*'", () => {
    const { c } = cache();
    c.set("t1", maya, inAnHour, c.generation);
    c.set("t2", omar, inAnHour, c.generation);
    c.heard("t1");
    expect(c.get("t1", now)).toBeUndefined();
    expect(c.get("t2", now)).toEqual(omar);
    c.heard(FORGET_ALL);
    expect(c.get("t2", now)).toBeUndefined();
  });

  it("does not keep what a lookup read before a sign-out it overlapped", () => {
    const { c } = cache();
    const before = c.generation;
    // The lookup is in flight; the token is signed out meanwhile.
    c.forget("t1");
    c.set("t1", maya, inAnHour, before);
    expect(c.get("t1", now)).toBeUndefined();
    // A lookup begun after it is kept.
    c.set("t1", maya, inAnHour, c.generation);
    expect(c.get("t1", now)).toEqual(maya);
  });

  it("holds at most its capacity, the oldest read going first", () => {
    const { c } = cache({ capacity: 2 });
    c.set("t1", maya, inAnHour, c.generation);
    c.set("t2", omar, inAnHour, c.generation);
    c.set("t3", maya, inAnHour, c.generation);
    expect(c.size).toBe(2);
    expect(c.get("t1", now)).toBeUndefined();
    expect(c.get("t2", now)).toEqual(omar);
    expect(c.get("t3", now)).toEqual(maya);
  });
});
