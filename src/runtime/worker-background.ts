import { AsyncLocalStorage } from "node:async_hooks";
import { type BackgroundQueue, createBackgroundQueue } from "../background.ts";
import type { Logger } from "../logger.ts";
import type { ExecutionContext } from "./workers-types.ts";

/**
 * Design rule 4 on Workers: work after the answer must be handed to the invocation's `ctx.waitUntil`, or the
 * runtime may cancel it once the response is sent. The app and its BackgroundQueue live for the isolate while
 * `ctx` belongs to one invocation (several run interleaved in one isolate), so the current one is carried in
 * AsyncLocalStorage rather than in a shared variable.
 */
const invocation = new AsyncLocalStorage<ExecutionContext>();

export function withInvocation<T>(ctx: ExecutionContext, fn: () => T): T {
  return invocation.run(ctx, fn);
}

export function createWaitUntilBackground(logger: Logger): BackgroundQueue {
  const tracked = createBackgroundQueue(logger);
  const track = (name: string, promise: Promise<unknown>) => {
    tracked.track(name, promise);
    const ctx = invocation.getStore();
    if (ctx) ctx.waitUntil(promise.then(ignore, ignore));
    else logger.warn("background.outside_invocation", { task: name });
  };
  return {
    ...tracked,
    track,
    run: (name, work) => track(name, Promise.resolve().then(work)),
  };
}

function ignore(): void {}
