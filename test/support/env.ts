/**
 * Test environment, imported first by the helpers that need it: scrypt at N=2^10 instead of 2^15,
 * so creating and signing in accounts takes milliseconds. Read once when src/app/auth.ts loads,
 * hence a module of its own that runs before that import.
 */
process.env.STATELINE_SCRYPT_LOG_N ??= "10";
