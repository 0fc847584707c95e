/**
 * Accounts and sign-in. Passwords are hashed with scrypt (memory-hard, in Node's crypto); login
 * sessions are random tokens of which only a SHA-256 hash is stored, so a database leak gives
 * no usable token. Failed logins are counted in the database, so the limit holds across servers.
 */
import {
  createHash,
  randomBytes,
  scrypt as scryptCb,
  timingSafeEqual,
  type ScryptOptions,
} from "node:crypto";
import type { Actor, Role } from "./actor.js";
import { AppError, invalid } from "./errors.js";
import type { NamedUser, NewAuditEvent, User } from "./model.js";
import type { Store } from "./ports.js";

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password, salt, keylen, options, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

/** scrypt cost: N=2^15, r=8 (32 MiB per hash). Tests may lower N through STATELINE_SCRYPT_LOG_N. */
const LOG_N = Number(process.env.STATELINE_SCRYPT_LOG_N ?? 15);

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** LOG_N;
  const key = await scrypt(password, salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
  return `scrypt$${LOG_N}$8$1$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !logN || !r || !p || !salt || !hash) return false;
  const N = 2 ** Number(logN);
  const expected = Buffer.from(hash, "base64");
  const key = await scrypt(password, Buffer.from(salt, "base64"), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 256 * N * Number(r),
  });
  return timingSafeEqual(key, expected);
}

export const tokenHash = (token: string) => createHash("sha256").update(token).digest("base64url");

export const SESSION_HOURS = 12;
/**
 * Sign-in attempts evaluated per key and window, at most: per account (from addresses that have
 * not signed in to it before), per account from each address that has, and per address. Each
 * attempt is reserved before its password is hashed, so a burst cannot pass the limit; from the
 * third failure on, each adds a growing delay (1 s, 2 s, 4 s … at most 15 minutes) before the
 * next try (two typos cost nothing).
 * Why not a hard lockout: five wrong passwords from anywhere would lock the owner out (a denial
 * of service); an address the owner has used keeps a budget of its own (OWASP ASVS V2.2.1).
 */
export const LOGIN_LIMITS = { perAccount: 5, perKnownAddress: 5, perAddress: 30, windowMinutes: 15 };

const MIN_PASSWORD = 10;

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD)
    throw invalid("password", `must be at least ${MIN_PASSWORD} characters`);
}

export async function createUser(
  store: Store,
  input: {
    email: string;
    password: string;
    role: Role;
    providerId?: string | null;
    clientId?: string | null;
  },
): Promise<User> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email))
    throw invalid("email", `expected an email address, got "${input.email}"`);
  checkPassword(input.password);
  if (await store.users.byEmail(email))
    throw new AppError("CONFLICT", `an account for ${email} already exists`);
  return store.users.add({
    email,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    providerId: input.providerId ?? null,
    clientId: input.clientId ?? null,
  });
}

export interface Login {
  readonly token: string;
  readonly user: NamedUser;
  readonly expiresAt: Date;
}

export async function login(
  store: Store,
  input: { email: string; password: string; ip: string },
  now: Date = new Date(),
): Promise<Login> {
  const email = input.email.trim().toLowerCase();
  const windowStart = new Date(now.getTime() - LOGIN_LIMITS.windowMinutes * 60_000);
  const known = await store.logins.knownAddress(email, input.ip);
  const accountKey = known ? `account-at:${email}|${input.ip}` : `account:${email}`;
  const addressKey = `address:${input.ip}`;
  // Reserve the attempt under both keys before any hashing: one atomic statement each.
  const [byAddress, byAccount] = await Promise.all([
    store.logins.reserve(addressKey, now, windowStart),
    store.logins.reserve(accountKey, now, windowStart),
  ]);
  const limit = known ? LOGIN_LIMITS.perKnownAddress : LOGIN_LIMITS.perAccount;
  const blocked = [byAddress.blockedUntil, byAccount.blockedUntil].filter(
    (d): d is Date => d !== null && d > now,
  );
  if (byAddress.attempts > LOGIN_LIMITS.perAddress || byAccount.attempts > limit || blocked.length > 0) {
    const waitMs =
      blocked.length > 0
        ? Math.max(...blocked.map((d) => d.getTime() - now.getTime()))
        : LOGIN_LIMITS.windowMinutes * 60_000;
    await store.audit.record(signInEvent("auth.login_throttled", email, input.ip, null));
    throw new AppError("RATE_LIMITED", "too many sign-in attempts; wait a little and try again", {
      retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
    });
  }
  const user = await store.users.byEmail(email);
  // Hash even for an unknown account, so timing does not tell which emails exist.
  const ok = user
    ? await verifyPassword(input.password, user.passwordHash)
    : (await verifyPassword(input.password, DUMMY_HASH), false);
  await store.logins.recordAttempt(email, input.ip, ok);
  if (!user || !ok) {
    // The delay is the account's: an address (an office behind one NAT) only has its count.
    await store.logins.failed(accountKey, now);
    await store.audit.record(signInEvent("auth.login_failed", email, input.ip, user ?? null));
    throw new AppError("UNAUTHENTICATED", "wrong email or password");
  }
  await store.logins.succeeded(accountKey, addressKey, email, input.ip, now);
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await store.logins.open(tokenHash(token), user.id, expiresAt);
  await store.audit.record(signInEvent("auth.login", email, input.ip, user));
  const { passwordHash: _secret, ...safe } = user;
  return { token, user: { ...safe, name: await nameOf(store, safe) }, expiresAt };
}

/**
 * The name the header shows for a signed-in person: a provider's display name, a client's name;
 * null for operations accounts (they are known by their email).
 */
export async function nameOf(
  store: Store,
  user: Pick<User, "role" | "providerId" | "clientId">,
): Promise<string | null> {
  if (user.role === "provider" && user.providerId)
    return (await store.providers.byId(user.providerId))?.name ?? null;
  if (user.role === "client" && user.clientId) return (await store.clients.byId(user.clientId))?.name ?? null;
  return null;
}

/**
 * A sign-in, failed sign-in or throttled attempt, for the audit log (never the password). Only a
 * successful sign-in knows who acted; a failure names the account it tried, as its entity.
 */
function signInEvent(action: string, email: string, ip: string, user: User | null): NewAuditEvent {
  const acted = action === "auth.login" && user !== null;
  return {
    actorUserId: acted ? user.id : null,
    actorRole: acted ? user.role : null,
    action,
    entity: "user",
    entityId: user?.id ?? null,
    clientId: null,
    ip,
    detail: { email },
  };
}

const DUMMY_HASH = `scrypt$${LOG_N}$8$1$${Buffer.alloc(16).toString("base64")}$${Buffer.alloc(32).toString("base64")}`;

export async function logout(store: Store, token: string, now: Date = new Date()): Promise<void> {
  await store.logins.revoke(tokenHash(token), now);
}

/** The actor behind a token, or UNAUTHENTICATED. */
export async function authenticate(
  store: Store,
  token: string | undefined,
  ip: string,
  now: Date = new Date(),
): Promise<Actor> {
  if (!token)
    throw new AppError(
      "UNAUTHENTICATED",
      "sign in first (a session cookie or an Authorization: Bearer token)",
    );
  const user = await store.logins.userFor(tokenHash(token), now);
  if (!user) throw new AppError("UNAUTHENTICATED", "your session has ended; sign in again");
  return {
    userId: user.id,
    email: user.email,
    role: user.role,
    providerId: user.providerId,
    clientId: user.clientId,
    ip,
  };
}
