import type { SandboxState, ServiceLink } from "../state.ts";

/** A job name as it may appear in a URL path segment (no slashes, dots only inside). */
export const JOB_NAME = /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;

/** The URL to offer in the form: the linked service, else the origin the card callbacks go to. */
export function serviceUrlGuess(state: SandboxState): string {
  if (state.delivery.service) return state.delivery.service.url;
  try {
    return state.delivery.cardUrl ? new URL(state.delivery.cardUrl).origin : "";
  } catch {
    return "";
  }
}

export type JobCall = { job: string; status: number; body: unknown; error?: string };

/**
 * POST {service}/admin/jobs/:name?at=<sandbox now> with the admin token, so the job runs for the day the
 * sandbox clock shows; network failures come back as status 0.
 */
export async function runServiceJob(
  link: ServiceLink,
  job: string,
  opts: { at: number; force: boolean },
): Promise<JobCall> {
  const query = new URLSearchParams({ at: String(opts.at) });
  if (opts.force) query.set("force", "1");
  const url = `${link.url}/admin/jobs/${encodeURIComponent(job)}?${query}`;
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${link.adminToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { job, status: res.status, body: parseJson(text) };
  } catch (err) {
    return {
      job,
      status: 0,
      body: null,
      error: `服务无法访问 service unreachable: ${(err as Error).message}`,
    };
  }
}

/** The service's job names from GET {service}/admin/jobs, or undefined when it has no such list. */
export async function listServiceJobs(link: ServiceLink): Promise<string[] | undefined> {
  try {
    const res = await fetch(`${link.url}/admin/jobs`, {
      headers: { authorization: `Bearer ${link.adminToken}` },
      signal: AbortSignal.timeout(1_000),
    });
    if (!res.ok) return undefined;
    const body = parseJson(await res.text()) as { jobs?: unknown; items?: unknown } | unknown[] | null;
    const list = Array.isArray(body) ? body : (body?.jobs ?? body?.items);
    if (!Array.isArray(list)) return undefined;
    const names = list.map((j) => (typeof j === "string" ? j : (j as { name?: unknown })?.name));
    const valid = names.filter((n): n is string => typeof n === "string" && JOB_NAME.test(n));
    return valid.length ? valid : undefined;
  } catch {
    return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text.slice(0, 500);
  }
}
