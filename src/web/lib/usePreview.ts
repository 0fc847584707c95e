/**
 * A server preview that follows a form: asked a moment (`delay` ms) after the request stops
 * changing, the latest request's answer wins (an earlier one still in flight is ignored), and the
 * last answer stays on screen, marked `pending`, while the next is on its way.
 */
import { useEffect, useRef, useState } from "react";
import { asApiError, type ApiError } from "../api/client";

export interface Preview<T> {
  /** The answer to the latest settled request (kept while a newer one is pending). */
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  /** A newer request is waiting or in flight. */
  readonly pending: boolean;
}

/** `body` undefined: nothing to ask yet (the preview is cleared). */
export function usePreview<B, T>(body: B | undefined, ask: (body: B) => Promise<T>, delay = 300): Preview<T> {
  const [state, setState] = useState<Preview<T>>({ data: undefined, error: undefined, pending: false });
  const latest = useRef(ask);
  latest.current = ask;
  // The request as text: a new object each render, the same content most of the time.
  const key = body === undefined ? undefined : JSON.stringify(body);

  useEffect(() => {
    if (key === undefined) {
      setState({ data: undefined, error: undefined, pending: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, pending: true }));
    const timer = setTimeout(() => {
      latest.current(JSON.parse(key) as B).then(
        (data) => {
          if (live) setState({ data, error: undefined, pending: false });
        },
        (e: unknown) => {
          if (live) setState({ data: undefined, error: asApiError(e), pending: false });
        },
      );
    }, delay);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, delay]);

  return state;
}
