import { lowScoreAlerts } from "../actions/low-score.ts";
import { ACCOUNT_PATCH, accountPatches } from "./account-patches.ts";
import { keyedCreates } from "./keyed-creates.ts";
import type { WriteSink } from "./sink-pass.ts";
import { LOW_SCORE_ALERT, surveyLanded } from "./survey-landed.ts";

let sinks: Record<string, WriteSink> | undefined;

/**
 * Who writes each kind of queued write (the ledger row's `table`): template table keys, or an effect name.
 * Any other table goes to plainWrites (jobs/plain-writes.ts).
 */
export function writeSinks(): Record<string, WriteSink> {
  sinks ??= {
    surveys: keyedCreates("surveys", { landed: surveyLanded }),
    careLog: keyedCreates("careLog"),
    [ACCOUNT_PATCH]: accountPatches,
    [LOW_SCORE_ALERT]: lowScoreAlerts,
  };
  return sinks;
}
