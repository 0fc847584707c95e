/**
 * A long list read a page at a time, as the API pages it (keyset, `X-Next-Cursor`): the first
 * page on load, again when `deps` change or on `reload`; then each page `more` adds after the
 * ones shown. A new first page (a filter changed, a reload) drops the pages added to the old one.
 */
import { useState } from "react";
import { asApiError, type ApiError, type ListPage } from "../api/client";
import { useAsync } from "./useAsync";

export interface Pages<T> {
  /** The rows shown: every page read so far; undefined until the first page is in. */
  readonly items: readonly T[] | undefined;
  /** The first page's error. */
  readonly error: ApiError | undefined;
  readonly reload: () => void;
  /** The cursor of the page after the last one shown; null when the list ends there. */
  readonly next: string | null;
  /** Reads the next page and adds it. */
  readonly more: () => void;
  /** Whether a next page is on its way. */
  readonly adding: boolean;
  /** Why the last `more` failed. */
  readonly addError: ApiError | undefined;
}

export function usePages<T>(
  load: (cursor: string | undefined) => Promise<ListPage<T>>,
  deps: readonly unknown[],
): Pages<T> {
  // The caller's `deps` are checked where usePages is called (eslint: additionalHooks).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const first = useAsync(() => load(undefined), deps);
  const [added, setAdded] = useState<{ after: ListPage<T>; pages: readonly ListPage<T>[] }>();
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<ApiError>();
  const pages = first.data ? [first.data, ...(added?.after === first.data ? added.pages : [])] : [];
  const next = pages.at(-1)?.next ?? null;
  const more = () => {
    const base = first.data;
    if (!base || next === null || adding) return;
    setAdding(true);
    setAddError(undefined);
    load(next).then(
      (page) => {
        setAdded((a) => ({ after: base, pages: [...(a?.after === base ? a.pages : []), page] }));
        setAdding(false);
      },
      (e: unknown) => {
        setAddError(asApiError(e));
        setAdding(false);
      },
    );
  };
  return {
    items: first.data ? pages.flatMap((p) => p.items) : undefined,
    error: first.error,
    reload: first.reload,
    next,
    more,
    adding,
    addError,
  };
}
