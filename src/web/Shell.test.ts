/**
 * The header's navigation, rendered to a string in Node (no DOM): at phone width it folds behind
 * a "Menu" button that says what it opens and whether it is open; the current page is marked;
 * who is signed in is named.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { User } from "./api/types";
import { displayName, MainNav } from "./Shell";

const MAYA: User = {
  id: "0b6f8f1e-3c2d-4e5f-8a9b-1c2d3e4f5a6b",
  email: "maya@stateline.test",
  name: null,
  role: "provider",
  providerId: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  clientId: null,
};

const NAV = [
  { to: "/clients", label: "Clients" },
  { to: "/sessions", label: "Sessions" },
];

const render = (path: string) =>
  renderToStaticMarkup(createElement(MainNav, { nav: NAV, path, user: MAYA, signOut: () => undefined }));

describe("the main navigation", () => {
  it("a Menu button that controls the menu, closed at first", () => {
    const html = render("/sessions");
    expect(html).toMatch(/^<nav class="topnav" aria-label="Main">/);
    const button = /<button[^>]*>.*?<\/button>/.exec(html)?.[0] ?? "";
    expect(button).toContain('aria-expanded="false"');
    expect(button.replace(/<[^>]+>/g, "").replace(/[☰✕]/g, "")).toBe("Menu");
    const controls = /aria-controls="([^"]+)"/.exec(button)?.[1];
    expect(html).toContain(`<div id="${controls}" class="topnav__menu">`);
  });

  it("marks the current page, a record under it too", () => {
    expect(render("/sessions")).toContain('<a aria-current="page" href="/sessions">Sessions</a>');
    const client = render("/clients/3f1c2a9e-8b7d-4c5e-9a1b-2c3d4e5f6a7b");
    expect(client).toContain('<a aria-current="page" href="/clients">Clients</a>');
    expect(client).toContain('<a href="/sessions">Sessions</a>');
  });

  it("has who is signed in and Sign out in the menu (for phone width)", () => {
    expect(render("/clients")).toContain(
      'Signed in as </span><span class="topbar__name">maya@stateline.test</span><span class="topbar__role">Provider</span>',
    );
  });
});

describe("who is signed in", () => {
  it("by name once the API gives one, else by email", () => {
    expect(displayName(MAYA)).toBe("maya@stateline.test");
    expect(displayName({ ...MAYA, name: "Maya R. Chen, LCSW" })).toBe("Maya R. Chen, LCSW");
    expect(displayName({ ...MAYA, name: "  " })).toBe("maya@stateline.test");
  });
});
