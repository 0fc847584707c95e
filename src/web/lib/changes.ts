/**
 * "Something was saved": forms announce their changes so that what summarises them elsewhere on
 * screen (the header's alerts) loads again.
 */
const EVENT = "stateline:changed";

export function notifyChanged(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function onChanged(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => {
    window.removeEventListener(EVENT, listener);
  };
}
