import type { CardActionHandler } from "../deps.ts";
import type { Services } from "../services.ts";
import { alertActions } from "./alert.ts";
import { digestListAction } from "./digest-list.ts";
import { greetingActions } from "./greeting.ts";
import { surveyActions } from "./survey-submit.ts";
import { visitLogAction } from "./visit-log.ts";
import { visitReassignAction } from "./visit-reassign.ts";
import { visitSnoozeAction } from "./visit-snooze.ts";

/** Card action handlers by action id (`action.value.action`), made over the services they need. */
export function allActions(services: Services): Record<string, CardActionHandler> {
  return {
    "visit.log": visitLogAction(services),
    "visit.snooze": visitSnoozeAction(services),
    "visit.reassign": visitReassignAction(services),
    "digest.list": digestListAction(services),
    ...greetingActions(services),
    ...surveyActions(services),
    ...alertActions(services),
  };
}
