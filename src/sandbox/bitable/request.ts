import { Codes, SandboxError } from "../envelope.ts";
import type { SandboxContext } from "../guard.ts";
import type { UserIdType } from "./field-values.ts";

/** Reading and checking request parts the way the Bitable endpoints answer them. */
export function badRequest(msg: string): SandboxError {
  return new SandboxError(Codes.bitableBadRequest, `WrongRequestBody: ${msg}`, 200);
}

/** Feishu's gateway answers a broken documented validation rule (max page_size, list length) with 99992402. */
export function validationFailed(msg: string): SandboxError {
  return new SandboxError(Codes.fieldValidationFailed, `field validation failed: ${msg}`, 400);
}

export function pageSizeOf(raw: string | number | undefined, def: number, max: number): number {
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw validationFailed(`page_size must be an integer`);
  if (n <= 0) throw new SandboxError(Codes.bitablePageSizeInvalid, "Page size must greater than 0.", 400);
  if (n > max) throw validationFailed(`page_size is at most ${max}`);
  return n;
}

/** The JSON body as an object; anything else is 1254000 WrongRequestJson. */
export async function jsonBody(c: SandboxContext): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // falls through to the error below
  }
  throw new SandboxError(
    Codes.bitableWrongRequestBody,
    "WrongRequestJson: the body is not a JSON object",
    200,
  );
}

export function userIdTypeOf(raw: unknown): UserIdType {
  const t = raw ?? "open_id";
  if (t !== "open_id" && t !== "user_id" && t !== "union_id") throw validationFailed("user_id_type");
  return t;
}

export function recordList<T>(raw: unknown, max: number): T[] {
  if (!Array.isArray(raw) || raw.length === 0) throw badRequest("records must be a non-empty array");
  if (raw.length > max) {
    throw new SandboxError(
      Codes.bitableTooManyRecords,
      `RecordAddOnceExceedLimit: at most ${max} records per call`,
      200,
    );
  }
  return raw as T[];
}

/** Query parameters that carry JSON arrays (field_names, sort on the older list API). */
export function jsonParam(raw: string | undefined): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return [raw];
  }
}

/** The older list API takes sort as a JSON string array like ["字段1 DESC","字段2 ASC"]. */
export function legacySort(raw: string | undefined): { field_name: string; desc: boolean }[] | undefined {
  const list = jsonParam(raw);
  if (!Array.isArray(list)) return undefined;
  return list.map((s) => {
    const m = /^(.*?)(?:\s+(ASC|DESC))?$/i.exec(String(s).trim());
    return { field_name: m?.[1] ?? "", desc: m?.[2]?.toUpperCase() === "DESC" };
  });
}
