import { describe, expect, it } from "vitest";
import type { Decision } from "../api/types";
import { match } from "./router";
import { better, ROUTE_KINDS, ROUTE_STYLE, routeKind } from "./routes";

describe("match: a page's path pattern against the address", () => {
  it("matches literal paths, with or without a trailing slash", () => {
    expect(match("/clients", "/clients")).toEqual({});
    expect(match("/clients", "/clients/")).toEqual({});
    expect(match("/", "/")).toEqual({});
  });

  it("names the parameters, decoded", () => {
    expect(match("/clients/:id", "/clients/3f2a")).toEqual({ id: "3f2a" });
    expect(match("/a/:x/b/:y", "/a/1/b/two%20words")).toEqual({ x: "1", y: "two words" });
    expect(match("/clients/:id", "/clients/caf%C3%A9")).toEqual({ id: "café" });
  });

  it("does not match another page, a longer or shorter path", () => {
    expect(match("/clients", "/sessions")).toBeUndefined();
    expect(match("/clients/:id", "/clients")).toBeUndefined();
    expect(match("/clients", "/clients/3f2a")).toBeUndefined();
    expect(match("/clients/:id", "/clients/3f2a/edit")).toBeUndefined();
    expect(match("/clients/:id", "/sessions/3f2a")).toBeUndefined();
    expect(match("/", "/clients")).toBeUndefined();
  });

  it("is case-sensitive, as the server's paths are", () => {
    expect(match("/clients", "/Clients")).toBeUndefined();
  });
});

/** A decision with only what routeKind reads. */
const decision = (outcome: Decision["outcome"], basis: Decision["basis"]) => ({ outcome, basis }) as Decision;

describe("routeKind: how a session in a place would be billed", () => {
  it("names each billable basis", () => {
    expect(routeKind(decision("billable", "in_network"))).toBe("in_network");
    expect(routeKind(decision("billable", "bluecard"))).toBe("bluecard");
    expect(routeKind(decision("billable", "virtual_network"))).toBe("virtual_network");
    expect(routeKind(decision("billable", "crisis"))).toBe("crisis_only");
  });

  it("a place not billable is crisis only when the same session as a crisis would be billed", () => {
    const no = decision("not_billable", null);
    expect(routeKind(no)).toBe("not_possible");
    expect(routeKind(no, decision("billable", "crisis"))).toBe("crisis_only");
    expect(routeKind(no, decision("not_billable", null))).toBe("not_possible");
    // Billable as a crisis only on another basis is not the crisis exception.
    expect(routeKind(no, decision("billable", "bluecard"))).toBe("not_possible");
  });

  it("better picks the better of two kinds, in the legend's order", () => {
    expect(better("bluecard", "in_network")).toBe("in_network");
    expect(better("not_possible", "crisis_only")).toBe("crisis_only");
    expect(better("virtual_network", "virtual_network")).toBe("virtual_network");
    for (const k of ROUTE_KINDS) expect(better(k, "not_possible")).toBe(k);
  });

  it("gives every kind a symbol and words besides its colour", () => {
    const symbols = ROUTE_KINDS.map((k) => ROUTE_STYLE[k].symbol);
    expect(new Set(symbols).size).toBe(ROUTE_KINDS.length);
    for (const k of ROUTE_KINDS) {
      expect(ROUTE_STYLE[k].label).not.toBe("");
      expect(ROUTE_STYLE[k].pattern).toMatch(/^route-/);
    }
  });
});
