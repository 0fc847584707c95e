/**
 * Fields and the form's error notice, rendered to a string in Node (no DOM): each error next to
 * its field and tied to it (aria-invalid, aria-describedby), length limits on the controls, the
 * API's paths in words, and focus moved to the first field in error.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { FormError, focusFirstInvalid, TextArea, TextField } from "./Field";

const refused = (errors: { path: string; message: string }[]) =>
  new ApiError({
    type: "https://stateline.dev/problems/invalid-input",
    title: "The request has invalid fields",
    status: 400,
    detail: errors[0] ? `${errors[0].path}: ${errors[0].message}` : "invalid",
    code: "INVALID_INPUT",
    errors,
  });

const CITY_TOO_LONG = { path: "city", message: "at most 30 characters (an 837P city holds 30)" };
const BAD_ZIP = {
  path: "zip",
  message: 'expected a 5-digit ZIP code or ZIP+4 such as 10027-1234, got "1001"',
};

describe("a text field", () => {
  it("carries its length limit, and its error in words next to it, tied to the input", () => {
    const error = refused([CITY_TOO_LONG]);
    const html = renderToStaticMarkup(
      createElement(TextField, {
        label: "City",
        value: "Miami Beach",
        onChange: () => undefined,
        maxLength: 30,
        hint: "As on the mail",
        error: error.field("city"),
      }),
    );
    expect(html).toContain('maxLength="30"');
    expect(html).toContain('aria-invalid="true"');
    const id = /<input[^>]* id="([^"]+)"/.exec(html)?.[1] ?? "";
    expect(html).toContain(`<label for="${id}">City</label>`);
    expect(html).toContain(`aria-describedby="${id}-hint ${id}-error"`);
    expect(html).toMatch(
      new RegExp(`id="${id}-error" role="alert">.*Use at most 30 characters \\(an 837P city holds 30\\)</p>`),
    );
  });

  it("without an error: not invalid, described by its hint only", () => {
    const html = renderToStaticMarkup(
      createElement(TextField, { label: "City", value: "", onChange: () => undefined, hint: "Optional" }),
    );
    expect(html).not.toContain("aria-invalid");
    expect(html).not.toContain("maxLength");
    expect(html).toMatch(/aria-describedby="[^"]+-hint"/);
  });

  it("a text area takes a limit too", () => {
    const html = renderToStaticMarkup(
      createElement(TextArea, { label: "Reason", value: "", onChange: () => undefined, maxLength: 500 }),
    );
    expect(html).toContain('maxLength="500"');
  });
});

describe("the form's error notice", () => {
  it("when every error is on a field of the form: one line pointing at them, focusable", () => {
    const html = renderToStaticMarkup(
      createElement(FormError, { error: refused([CITY_TOO_LONG, BAD_ZIP]), shown: ["city", "zip"] }),
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain('tabindex="-1"');
    expect(html).toContain("Please correct the 2 fields marked below.");
    expect(
      renderToStaticMarkup(createElement(FormError, { error: refused([CITY_TOO_LONG]), shown: ["city"] })),
    ).toContain("Please correct the field marked below.");
  });

  it("lists the errors no field shows, each field named in words, none in the schema's terms", () => {
    const html = renderToStaticMarkup(
      createElement(FormError, {
        error: refused([
          { ...CITY_TOO_LONG, path: "address.city" },
          { path: "coverage.memberId", message: "required field is missing" },
        ]),
        shown: [],
      }),
    );
    expect(html).toContain("<strong>The request has invalid fields.</strong>");
    expect(html).toContain("<strong>Address › city: </strong>Use at most 30 characters");
    expect(html).toContain("<strong>Coverage › member ID: </strong>This is required");
    expect(html).not.toMatch(/expected|union/i);
  });

  it("shows nothing without an error", () => {
    expect(renderToStaticMarkup(createElement(FormError, { error: undefined }))).toBe("");
  });
});

describe("focus after a refused submit", () => {
  const control = () => ({ focus: vi.fn() });

  it("goes to the first field marked invalid in the form", () => {
    const first = control();
    const notice = control();
    const query = vi.fn(() => first);
    const form = { querySelector: query } as unknown as ParentNode;
    expect(focusFirstInvalid(form, notice as unknown as HTMLElement)).toBe(first);
    expect(first.focus).toHaveBeenCalledTimes(1);
    expect(notice.focus).not.toHaveBeenCalled();
    expect(query).toHaveBeenCalledWith('[aria-invalid="true"]:not([disabled])');
  });

  it("else to the notice, so it stays in the form", () => {
    const notice = control();
    const form = { querySelector: () => null } as unknown as ParentNode;
    expect(focusFirstInvalid(form, notice as unknown as HTMLElement)).toBe(notice);
    expect(notice.focus).toHaveBeenCalledTimes(1);
    expect(focusFirstInvalid(null)).toBeUndefined();
  });
});
