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
import type { User } from "./model.js";
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
/** Failed logins allowed per account, and per address, in the window before refusing. */
export const LOGIN_LIMITS = { perEmail: 5, perIp: 30, windowMinutes: 15 };

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
  readonly user: User;
  readonly expiresAt: Date;
}

export async function login(
  store: Store,
  input: { email: string; password: string; ip: string },
  now: Date = new Date(),
): Promise<Login> {
  const email = input.email.trim().toLowerCase();
  const since = new Date(now.getTime() - LOGIN_LIMITS.windowMinutes * 60_000);
  const [byEmail, byIp] = await Promise.all([
    store.logins.failuresSince({ email }, since),
    store.logins.failuresSince({ ip: input.ip }, since),
  ]);
  if (byEmail >= LOGIN_LIMITS.perEmail || byIp >= LOGIN_LIMITS.perIp) {
    throw new AppError("RATE_LIMITED", "too many failed sign-in attempts; wait a few minutes and try again", {
      retryAfterSeconds: LOGIN_LIMITS.windowMinutes * 60,
    });
  }
  const user = await store.users.byEmail(email);
  // Hash even for an unknown account, so timing does not tell which emails exist.
  const ok = user
    ? await verifyPassword(input.password, user.passwordHash)
    : (await verifyPassword(input.password, DUMMY_HASH), false);
  await store.logins.recordAttempt(email, input.ip, ok);
  if (!user || !ok) throw new AppError("UNAUTHENTICATED", "wrong email or password");
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await store.logins.open(tokenHash(token), user.id, expiresAt);
  const { passwordHash: _secret, ...safe } = user;
  return { token, user: safe, expiresAt };
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
