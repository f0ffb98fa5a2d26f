import type { CardActionHandler } from "../../src/deps.ts";
import { createWorker } from "../../src/runtime/worker.ts";
import type { Services } from "../../src/services.ts";

/**
 * The production Worker plus one card action that queues a Bitable write, the way a survey answer does:
 * no survey action exists yet, and this exercises the same path (action → ledger → queue → drain).
 */
const surveyAnswer =
  (services: Services): CardActionHandler =>
  async ({ value, header }) => {
    const answerId = String(value.answerId ?? header.event_id);
    const queued = await services.ledger.enqueueWrite({
      key: `survey-answer:${answerId}`,
      table: "surveys",
      op: "create",
      payload: { fields: { 答卷编号: answerId, 客户编号: String(value.account ?? ""), 总体满意度: 9 } },
    });
    return { toast: { type: "success", content: queued ? "已收到" : "已收到（重复提交）" } };
  };

export default createWorker({ actions: (services) => ({ "test.survey-answer": surveyAnswer(services) }) });
