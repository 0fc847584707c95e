/**
 * Idempotency keys: a client that retries a request with the same `Idempotency-Key` (after a
 * timeout, a dropped connection) gets the first answer again instead of a second effect. Keys
 * are per account. The same key with a different request is a CONFLICT: the caller reused a
 * key by mistake, and replaying the other request's answer would mislead them.
 *
 * Only successful answers are kept. A refusal (invalid input, not billable) frees the key, so
 * that retrying after fixing the cause runs the request again rather than replaying the refusal.
 */
import type { Actor } from "./actor.js";
import { audit } from "./audit.js";
import { AppError, invalid } from "./errors.js";
import type { Store } from "./ports.js";

export interface Answer {
  readonly statusCode: number;
  readonly body: unknown;
}

/**
 * A running request holds its key on a lease of this many seconds, renewed every third of it
 * while it runs; a lease that runs out means its server died, and a retry takes the key over.
 */
export const LEASE_SECONDS = 5;
/** How long a retry waits for the same request running elsewhere before giving up. */
const WAIT_MS = 15_000;
const POLL_MS = 25;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function checkKey(key: string): void {
  // RFC 9110 header value, kept short and printable: it is stored and compared as given.
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw invalid("headers.idempotency-key", "expected 1 to 255 printable ASCII characters without spaces");
  }
}

/**
 * Runs `run` once per (account, key): the first call runs it and keeps a successful answer; later
 * calls with the same `requestHash` get that answer (`replayed`), also while it is still running
 * on another server (they wait for it). `clientOf` names the client whose data a replayed answer
 * shows, for the audit log.
 */
export async function idempotent(
  store: Store,
  actor: Actor,
  key: string,
  requestHash: string,
  run: () => Promise<Answer>,
  clientOf: (body: unknown) => string | null = () => null,
): Promise<Answer & { readonly replayed: boolean }> {
  checkKey(key);
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const held = await store.idempotency.begin(actor.userId, key, requestHash, LEASE_SECONDS);
    switch (held.kind) {
      case "mismatch":
        throw new AppError(
          "CONFLICT",
          "this Idempotency-Key was already used for a different request; use a new key for a new request",
        );
      case "done":
        await audit(store, actor, "request.replay", "idempotency_key", key, clientOf(held.response), {
          statusCode: held.statusCode,
        });
        return { statusCode: held.statusCode, body: held.response, replayed: true };
      case "running":
        if (Date.now() > deadline) {
          throw new AppError(
            "CONFLICT",
            "a request with this Idempotency-Key is still running; retry shortly",
          );
        }
        await sleep(POLL_MS);
        continue;
      case "started": {
        let answer: Answer;
        const renewal = setInterval(
          () => {
            store.idempotency.renew(actor.userId, key, LEASE_SECONDS).catch(() => {
              // A lost renewal only lets a retry take over sooner; the request goes on.
            });
          },
          (LEASE_SECONDS * 1000) / 3,
        );
        try {
          answer = await run();
        } catch (e) {
          await store.idempotency.release(actor.userId, key);
          throw e;
        } finally {
          clearInterval(renewal);
        }
        if (answer.statusCode >= 200 && answer.statusCode < 300) {
          await store.idempotency.finish(actor.userId, key, answer.statusCode, answer.body);
        } else {
          await store.idempotency.release(actor.userId, key);
        }
        return { ...answer, replayed: false };
      }
    }
  }
}
