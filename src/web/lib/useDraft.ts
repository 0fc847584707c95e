/**
 * A form's draft: its values, a setter per field, the last error and whether it is saving — the
 * state every edit form keeps, written once.
 */
import { useState } from "react";
import type { ApiError } from "../api/client";

export function useDraft<T extends object>(initial: () => T) {
  const [v, setV] = useState(initial);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  /** `set("payer")` is the onChange of the payer field. */
  const set =
    <K extends keyof T>(k: K) =>
    (value: T[K]) => {
      setV((old) => ({ ...old, [k]: value }));
    };
  return { v, set, error, setError, busy, setBusy };
}

/** Payers by name, for a select. */
export function byName<P extends { readonly name: string }>(payers: readonly P[] | undefined): P[] {
  return [...(payers ?? [])].sort((a, b) => a.name.localeCompare(b.name));
}
