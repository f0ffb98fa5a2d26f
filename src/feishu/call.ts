import type { z } from "zod";
import type { FeishuCore } from "./client.ts";
import { FeishuApiError, type FeishuErrorContext, toFeishuError } from "./errors.ts";

/** What every SDK call resolves to: Feishu's envelope. */
export type SdkAnswer = { code?: number; msg?: string; data?: unknown };

/**
 * One SDK call, answered: the envelope's `data` parsed with `schema`, or a FeishuApiError carrying
 * the API name, the code and the context (base, table, chunk…). The transport has already retried.
 */
export async function callFeishu<T>(
  client: Pick<FeishuCore, "logger">,
  api: string,
  context: FeishuErrorContext,
  schema: z.ZodType<T>,
  send: () => Promise<SdkAnswer>,
): Promise<T> {
  let answer: SdkAnswer;
  try {
    answer = await send();
  } catch (err) {
    throw logged(client, toFeishuError(api, err, context));
  }
  if (!answer || typeof answer !== "object") {
    throw logged(client, new FeishuApiError(api, -2, "answer is not a JSON object", 200, context));
  }
  if (answer.code !== 0) throw logged(client, toFeishuError(api, answer, context));
  const parsed = schema.safeParse(answer.data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join(".")}: ${issue.message}` : "unknown";
    throw logged(client, new FeishuApiError(api, -2, `unexpected answer shape (${where})`, 200, context));
  }
  return parsed.data;
}

function logged(client: Pick<FeishuCore, "logger">, err: FeishuApiError): FeishuApiError {
  client.logger.warn("feishu.call_failed", err.logFields());
  return err;
}
