/**
 * JSON with object keys sorted and undefined members left out: two values that mean the same give
 * the same text whatever order their keys came in (jsonb gives them back in its own order). What
 * the re-check compares alerts by, and what an idempotency key's request fingerprint hashes.
 */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  // JSON.stringify(undefined) is undefined, not text; a missing value reads as null.
  return value === undefined ? "null" : JSON.stringify(value);
}
