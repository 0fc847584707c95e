/** Signing in and out, and who is signed in. */
import { Type, type Static } from "@sinclair/typebox";
import { Id, literals, Nullable } from "./common.js";

export const ROLES = ["provider", "client", "ops"] as const;

export const UserDto = Type.Object(
  {
    id: Id,
    email: Type.String(),
    name: Nullable(
      Type.String({ description: "A provider's or client's name; null for operations accounts" }),
    ),
    role: literals(ROLES),
    providerId: Nullable(Id),
    clientId: Nullable(Id),
  },
  { title: "User" },
);

export const LoginBody = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 320 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});

export const LoginDto = Type.Object(
  { token: Type.String(), expiresAt: Type.String(), user: UserDto },
  { title: "Login" },
);

export type Role = (typeof ROLES)[number];
export type User = Static<typeof UserDto>;
export type LoginInput = Static<typeof LoginBody>;
