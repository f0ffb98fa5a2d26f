/** The sandbox's clock: real time plus an offset the control API can set, so a month of jobs runs in minutes. */
export type SandboxClock = { now(): number; set(ms: number): void; offsetMs(): number };

export function createClock(): SandboxClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    set: (ms) => {
      offset = ms - Date.now();
    },
    offsetMs: () => offset,
  };
}
