/**
 * What every request's text must be before any route sees it: JSON no deeper than MAX_DEPTH (a
 * body nested 10,000 deep would overflow the stack of whatever walks it next), no `__proto__`
 * keys, and strings without NUL or lone UTF-16 surrogates (PostgreSQL refuses both in text and
 * JSON columns, which answered 500). Refusals name the field: `name: must not contain NUL`.
 */
import type { FieldError } from "../contract/validate.js";

/** Objects and arrays inside one another, at most. Real bodies stay under 10. */
export const MAX_DEPTH = 32;

/** The deepest nesting of `[` and `{` in JSON text, counted outside strings; stops past `limit`. */
export function nestingDepth(text: string, limit = MAX_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 /* { */ || ch === 91 /* [ */) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (ch === 125 /* } */ || ch === 93 /* ] */) depth--;
  }
  return max;
}

/** Why a string cannot be stored, or undefined when it can. */
export function badText(s: string): string | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return "must not contain NUL (\\u0000)";
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return "must not contain a lone UTF-16 surrogate (invalid Unicode)";
    }
    if (c >= 0xdc00 && c <= 0xdfff) return "must not contain a lone UTF-16 surrogate (invalid Unicode)";
  }
  return undefined;
}

const join = (path: string, key: string | number) =>
  typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;

/** Every string (keys too) that cannot be stored, and every `__proto__` key, with its path. */
export function textProblems(value: unknown, path = "", out: FieldError[] = []): FieldError[] {
  if (out.length >= 20) return out;
  if (typeof value === "string") {
    const why = badText(value);
    if (why) out.push({ path, message: why });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => textProblems(v, join(path, i), out));
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const at = join(path, k);
      if (k === "__proto__" || k === "constructor" || k === "prototype")
        out.push({ path: at, message: `"${k}" is not an accepted field name` });
      else {
        const why = badText(k);
        if (why) out.push({ path: at, message: `field name ${why}` });
        else textProblems(v, at, out);
      }
    }
  }
  return out;
}
