/**
 * A form's draft: its values, a setter per field, the last error, whether it is saving, and the
 * save itself — what every edit form keeps and does, written once.
 */
import { useState } from "react";
import { asApiError, type ApiError } from "../api/client";
import { notifyChanged } from "./changes";

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
  /** Sends the draft: busy meanwhile; saved → the app hears of the change; refused → the error. */
  const save = <R>(request: Promise<R>, onSaved: (saved: R) => void) => {
    setBusy(true);
    setError(undefined);
    request.then(
      (saved) => {
        setBusy(false);
        notifyChanged();
        onSaved(saved);
      },
      (err: unknown) => {
        setBusy(false);
        setError(asApiError(err));
      },
    );
  };
  return { v, set, error, busy, save };
}

/** Payers by name, for a select. */
export function byName<P extends { readonly name: string }>(payers: readonly P[] | undefined): P[] {
  return [...(payers ?? [])].sort((a, b) => a.name.localeCompare(b.name));
}
