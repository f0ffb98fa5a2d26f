import { FeishuApiError } from "../feishu/errors.ts";

/**
 * Feishu codes after which another try cannot help: 230013 outside the app's availability or departed,
 * 230002 the bot is not in that chat, 230001/230006/230027 a parameter, ability or permission to fix first.
 */
const PERMANENT = new Set([230001, 230002, 230006, 230013, 230027]);

/** A send that did not go out, as a job's outcome: JSON, so it can travel back from a queue consumer's log. */
export type SendFailure = {
  error: string;
  /** Feishu's code and hint, for the run's summary; the error message when there was no Feishu answer. */
  reason: string;
  code?: number;
  /** Refused for good: counted, not retried. */
  permanent: boolean;
};

export function sendFailure(err: unknown): SendFailure {
  const error = (err as Error)?.message ?? String(err);
  if (!(err instanceof FeishuApiError)) return { error, reason: error, permanent: false };
  return { error, reason: `${err.code} ${err.hint}`, code: err.code, permanent: PERMANENT.has(err.code) };
}
