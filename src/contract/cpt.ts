/**
 * The crisis psychotherapy codes (CPT), defined once for the whole platform: a crisis session is
 * billed as 90839 for its first hour (from 30 minutes) plus 90840 for each further 30 minutes (an
 * add-on, never billed alone), and a crisis of 16–29 minutes as the ordinary psychotherapy it was
 * (90832). Only a crisis session carries 90839 or 90840.
 *
 * The same codes appear in two places that cannot import this module, and tests hold them to it
 * (test/store/crisis-codes.test.ts): the procedure list (src/reference/data/procedure-codes.json:
 * the code of kind "crisis" and its add-on) and the database's CHECKs on claims (migrations
 * 20261127T1900_init.sql and 20261205T0900_short_crisis_codes.sql).
 */

/** Psychotherapy for crisis, first hour (billable from 30 minutes). */
export const CRISIS_FIRST_HOUR = "90839";

/** Psychotherapy for crisis, each further 30 minutes: an add-on to CRISIS_FIRST_HOUR. */
export const CRISIS_ADD_ON = "90840";

/** The crisis codes: only a crisis session carries these, by its length. */
export const CRISIS_CPT: ReadonlySet<string> = new Set([CRISIS_FIRST_HOUR, CRISIS_ADD_ON]);

/** What a crisis of 16–29 minutes is billed as: too short for 90839, it is psychotherapy (CPT time rule). */
export const SHORT_CRISIS_PSYCHOTHERAPY = "90832";
