/**
 * The runtime the generated validators share: no dependencies, no `eval` or `new Function` (a page
 * under a strict Content-Security-Policy runs it), named exports only, so a bundler keeps just
 * what the validators a page imports use.
 */

/** Standard Schema v1 (https://standardschema.dev), the interface tRPC, TanStack Form, Hono, ... accept. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": StandardSchemaV1.Props<Input, Output>;
}

// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace StandardSchemaV1 {
  export interface Props<Input = unknown, Output = Input> {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    readonly types?: Types<Input, Output> | undefined;
  }
  export type Result<Output> = SuccessResult<Output> | FailureResult;
  export interface SuccessResult<Output> {
    readonly value: Output;
    readonly issues?: undefined;
  }
  export interface FailureResult {
    readonly issues: ReadonlyArray<Issue>;
  }
  export interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }
  export interface PathSegment {
    readonly key: PropertyKey;
  }
  export interface Types<Input = unknown, Output = Input> {
    readonly input: Input;
    readonly output: Output;
  }
  export type InferInput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["input"];
  export type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["output"];
}

/** One problem with a value: where it is (keys and indexes from the root) and what is wrong. */
export interface Issue {
  readonly message: string;
  readonly path: ReadonlyArray<string | number>;
}

export type Path = ReadonlyArray<string | number>;
/** Where a check reports: an array it appends issues to, or null to stop at the first problem. */
export type Issues = Issue[] | null;
/** A generated check: true when `value` is valid; with `issues`, every problem is appended to it. */
export type Check = (value: unknown, path: Path, issues: Issues) => boolean;

export type Result<T> = { readonly value: T; readonly issues?: undefined } | { readonly issues: ReadonlyArray<Issue> };

/** The validator of one generated type `T`: a Standard Schema, plus `is`, `validate` and `parse`. */
export interface Validator<T> extends StandardSchemaV1<unknown, T> {
  /** Whether the value is a valid `T` (stops at the first problem). */
  is(value: unknown): value is T;
  /** `{ value }` (the very value given) when it is valid, else `{ issues }` with every problem found. */
  validate(value: unknown): Result<T>;
  /** The value as a `T`, or a `ValidationError` listing the issues. */
  parse(value: unknown): T;
}

/** Thrown by `parse`: `issues` lists every problem, each with its path. */
export class ValidationError extends Error {
  readonly issues: ReadonlyArray<Issue>;

  constructor(issues: ReadonlyArray<Issue>) {
    super(issues.map((i) => (i.path.length ? i.path.join(".") + ": " : "") + i.message).join("; "));
    this.name = "ValidationError";
    this.issues = issues;
  }
}

const ROOT: Path = [];
const TOO_DEEP = "is nested too deeply to check";

function run(check: Check, value: unknown, issues: Issues): boolean {
  guard.depth = 0;
  try {
    return check(value, ROOT, issues);
  } catch (error) {
    if (error instanceof RangeError) {  // the stack ran out: refused, never passed unchecked
      if (issues !== null) issues.push({ message: TOO_DEEP, path: ROOT });
      return false;
    }
    throw error;
  }
}

/** The validator of a type from its generated check. */
export function validator<T>(check: Check): Validator<T> {
  const validate = (value: unknown): Result<T> => {
    if (run(check, value, null)) return { value: value as T };
    const issues: Issue[] = [];
    run(check, value, issues);
    if (issues.length === 0) issues.push({ message: "is not valid", path: ROOT });
    return { issues };
  };
  return {
    "~standard": { version: 1, vendor: "schemagen", validate },
    is: (value: unknown): value is T => run(check, value, null),
    validate,
    parse(value: unknown): T {
      const result = validate(value);
      if (result.issues !== undefined) throw new ValidationError(result.issues);
      return result.value;
    },
  };
}

/** Appends an issue (when collecting) and returns false, so a check can `return fail(...)`. */
export function fail(issues: Issues, path: Path, message: string, key?: string | number): false {
  if (issues !== null) issues.push({ message, path: key === undefined ? path : [...path, key] });
  return false;
}

/** The path one step further down, built only when issues are collected. */
export function at(path: Path, issues: Issues, key: string | number): Path {
  return issues === null ? path : [...path, key];
}

/** What the subschemas beside `unevaluatedProperties` / `unevaluatedItems` evaluated. */
export interface Seen {
  keys: Set<string>;
  items: number;
  matched: Set<number>;
}

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const hasOwnProperty = Object.prototype.hasOwnProperty;

/** An own property (for keys such as `constructor` that every object inherits). */
export function own(value: Record<string, unknown>, key: string): unknown {
  return hasOwnProperty.call(value, key) ? value[key] : undefined;
}

/** The number of keys of an object. */
export function size(value: Record<string, unknown>): number {
  let n = 0;
  for (const _ in value) n++;
  return n;
}

/** A string's length in Unicode code points, as JSON Schema (and Python) count it. */
export function length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

const LONE_SURROGATE = /[\ud800-\udfff]/u;  // in Unicode mode a pair is one code point: only a lone half matches

/** No lone UTF-16 surrogate: the Python side refuses one wherever it measures or matches a string. */
export function wellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** No lone surrogate in any string or key of the value (the Python side's schema checks refuse one). */
export function wellFormedDeep(value: unknown): boolean {
  if (typeof value === "string") return !LONE_SURROGATE.test(value);
  if (typeof value !== "object" || value === null) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!wellFormedDeep(item)) return false;
    return true;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) if (LONE_SURROGATE.test(key) || !wellFormedDeep(record[key])) return false;
  return true;
}

/** How deep recursive types nest in the value being checked: the Python side stops at 255. */
export const guard = { depth: 0 };
export const MAX_DEPTH = 255;

/** A regular expression with ECMA-262's meaning in Unicode mode, as JSON Schema specifies. */
export function pattern(source: string): RegExp {
  try {
    return new RegExp(source, "u");
  } catch {
    return new RegExp(source);  // a pattern valid only without the u flag (schemagen warned: pattern-legacy)
  }
}

/** Whether two JSON values are equal as JSON Schema says (`1` is `1.0`; key order does not count). */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (!hasOwnProperty.call(y, k) || !equal(x[k], y[k])) return false;
    n++;
  }
  return n === size(y);
}

/** Whether the value equals one of the values (JSON equality). */
export function oneOfValues(value: unknown, values: ReadonlyArray<unknown>): boolean {
  for (const v of values) if (equal(value, v)) return true;
  return false;
}

/** `uniqueItems`: no two items equal as JSON. */
export function unique(items: ReadonlyArray<unknown>): boolean {
  const n = items.length;
  if (n < 2) return true;
  let simple = true;
  for (let i = 0; i < n; i++) {
    const t = typeof items[i];
    if (t === "object" && items[i] !== null) {
      simple = false;
      break;
    }
  }
  if (simple) {
    const seen = new Set<unknown>();
    for (const item of items) {
      if (seen.has(item)) return false;
      seen.add(item);
    }
    return true;
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (equal(items[i], items[j])) return false;
  return true;
}

function decimal(x: number): [bigint, number] {
  // the shortest decimal that reads back as x (JavaScript's String and Python's repr agree), exactly
  const text = String(x);
  const e = text.indexOf("e");
  const mantissa = e < 0 ? text : text.slice(0, e);
  let exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf(".");
  let digits = mantissa;
  if (dot >= 0) {
    digits = mantissa.slice(0, dot) + mantissa.slice(dot + 1);
    exponent -= mantissa.length - dot - 1;
  }
  return [BigInt(digits), exponent];
}

/** `multipleOf`, in exact decimals (`0.0075` is a multiple of `0.0001`), as the Python side checks it. */
export function multipleOf(value: number, divisor: number): boolean {
  if (Number.isSafeInteger(value) && Number.isSafeInteger(divisor)) return value % divisor === 0;
  if (!Number.isFinite(value)) return false;
  const [a, ea] = decimal(value);
  const [b, eb] = decimal(divisor);
  const e = Math.min(ea, eb);
  const x = a * 10n ** BigInt(ea - e);
  const y = b * 10n ** BigInt(eb - e);
  return y !== 0n && x % y === 0n;
}

/** `multipleOf` with a fractional divisor inside a runtime check, as `jsonschema` decides it: the
 * float quotient is a whole number (exact decimals when it overflows). */
export function quotientIsInteger(value: number, divisor: number): boolean {
  const quotient = value / divisor;
  return Number.isFinite(quotient) ? Number.isInteger(quotient) : multipleOf(value, divisor);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const TIME_ONLY = /^(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function calendar(match: RegExpExecArray | null): boolean {
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS[month]! + (leap ? 1 : 0);
}

/** `format: date-time`: RFC 3339 (seconds and an offset required), a real calendar date. */
export function isDateTime(text: string): boolean {
  return calendar(DATE_TIME.exec(text));
}

/** `format: date`: RFC 3339 full-date, a real calendar date. */
export function isDate(text: string): boolean {
  return calendar(DATE.exec(text));
}

/** `format: time`: RFC 3339 full-time (seconds and an offset required). */
export function isTime(text: string): boolean {
  return TIME_ONLY.test(text);
}

const UUID = /^(?:urn:uuid:)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$|^\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}$|^[0-9a-fA-F]{32}$/;

/** `format: uuid`: what the Python side's `uuid.UUID` reads (hyphenated, 32 digits, braced or a URN). */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

// email-validator's syntax as the Python side's EmailStr applies it (no deliverability check):
// a dot-atom local part, a domain of dot-separated labels with a
// non-numeric top level, no quoted local parts or IP-literal domains.
const EMAIL_LOCAL = /^[\p{L}\p{N}\p{M}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}\p{M}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const EMAIL_LABEL = /^(?!-)[\p{L}\p{N}\p{M}-]{1,63}$/u;  // no lookbehind: Safari < 16.4 cannot parse one

/** `format: email`. */
export function isEmail(text: string): boolean {
  const at = text.lastIndexOf("@");
  if (at <= 0 || at === text.length - 1) return false;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (length(domain) > 253 || !EMAIL_LOCAL.test(local)) return false;
  const labels = domain.split(".");
  if (labels.length < 2) return false;
  for (const label of labels) if (!EMAIL_LABEL.test(label) || label.endsWith("-")) return false;
  return !/^\d+$/.test(labels[labels.length - 1]!);
}
