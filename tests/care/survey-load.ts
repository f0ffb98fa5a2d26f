import type { CareWorld } from "./care-world.ts";
import { type ActionAnswer, act, buttonValues, messagesTo } from "./sandbox-clicks.ts";

/**
 * Many customers answering surveys at once, for the fault and crash tests: survey cards in `accounts`
 * customer groups, each answered by many people (every respondent is one distinct answer), then some
 * answers sent again.
 */
const WRITE_APIS = ["create", "batchCreate", "update", "batchUpdate"];
const CODES = [1254291, 99991400, "5xx"] as const;

/**
 * 30 % of Bitable record writes fail (write conflict, rate limit, 5xx) and every write takes `latencyMs`.
 * The first three writes always fail, so even a run that needs few writes (answers are batched) meets faults.
 */
export const FAULTS = (latencyMs: number) => [
  ...WRITE_APIS.map((api) => ({
    api: `bitable.appTableRecord.${api}`,
    rate: 1,
    codes: [...CODES],
    latencyMs,
    count: 1,
  })),
  ...WRITE_APIS.map((api) => ({
    api: `bitable.appTableRecord.${api}`,
    rate: 0.3,
    codes: [...CODES],
    latencyMs,
  })),
];

export function addSurveyedAccounts(w: CareWorld, n: number, owner: string): void {
  const codes = Array.from({ length: n }, (_, i) => `S${String(i).padStart(3, "0")}`);
  w.addAccounts(codes.map((code) => ({ code, owner, tier: "A", chat: true })));
  w.addContacts(codes.map((code, i) => ({ name: `联系人${i}`, account: code, decisionMaker: true })));
}

export type Submission = {
  messageId: string;
  value: Record<string, unknown>;
  respondent: string;
  form: Record<string, string>;
};

/** `distinct` answers spread over the survey cards in the groups, then `again` of them resubmitted, shuffled. */
export function submissions(w: CareWorld, distinct: number, again: number): Submission[] {
  const cards = [...w.chats.values()].map((chat) => {
    const card = messagesTo(w, chat).find((m) => m.content.includes("survey.submit"));
    if (!card) throw new Error(`no survey card in ${chat}`);
    return { messageId: card.messageId, value: buttonValues(card.content, "survey.submit")[0]! };
  });
  const random = mulberry(7);
  const first: Submission[] = Array.from({ length: distinct }, (_, i) => {
    const card = cards[i % cards.length]!;
    const low = i % 97 === 0;
    return {
      ...card,
      respondent: `ou_respondent_${String(i).padStart(4, "0")}`,
      form: {
        overall: low ? "2" : String(3 + Math.floor(random() * 3)),
        product: String(3 + Math.floor(random() * 3)),
        service: String(3 + Math.floor(random() * 3)),
        responsiveness: String(3 + Math.floor(random() * 3)),
        nps: low ? "4" : String(7 + Math.floor(random() * 4)),
        comment: `第 ${i} 份答卷`,
      },
    };
  });
  const repeats = Array.from({ length: again }, () => first[Math.floor(random() * first.length)]!);
  const all = [...first, ...repeats];
  // Shuffled, but every repeat comes after its original (it is a second click).
  for (let i = all.length - 1; i > distinct; i--) {
    const j = distinct + Math.floor(random() * (i - distinct + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all;
}

export type Submitted = Submission & { answer?: ActionAnswer; error?: string };

/** Submits through the sandbox (signed callbacks to the service), `concurrency` at a time. */
export async function submitAll(
  w: CareWorld,
  subs: readonly Submission[],
  opts: {
    concurrency: number;
    onEach?: (soFar: readonly Submitted[]) => void;
    /** Awaited before each click (e.g. while the service restarts). */
    gate?: () => Promise<void> | undefined;
  },
): Promise<Submitted[]> {
  const out: Submitted[] = [];
  let next = 0;
  const worker = async () => {
    while (next < subs.length) {
      const s = subs[next++]!;
      await opts.gate?.();
      try {
        const answer = await act(w, s.messageId, {
          operatorOpenId: s.respondent,
          value: s.value,
          formValue: s.form,
        });
        out.push({ ...s, answer });
      } catch (err) {
        out.push({ ...s, error: (err as Error).message });
      }
      opts.onEach?.(out);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return out;
}

/** Acknowledged: the customer saw the thanks (a success toast, or "already done" for a repeat). */
export function acknowledged(s: Submitted): boolean {
  return (
    !s.error && !s.answer?.error && (s.answer?.toast?.type === "success" || s.answer?.toast?.type === "info")
  );
}

/** Answer ids in the 满意度调查 table written by this run (the respondents above), with how often each appears. */
export function answerRows(w: CareWorld): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of w.rows("surveys")) {
    const id = String(r.fields.答卷编号 ?? "");
    if (id.includes("ou_respondent_")) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

function mulberry(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
