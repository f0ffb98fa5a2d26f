import { type ParseArgsConfig, parseArgs } from "node:util";

export type Command = {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run(args: { values: Record<string, unknown>; positionals: string[] }): Promise<number>;
};

export class UsageError extends Error {}

export function parseCommandArgs(cmd: Command, argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: { ...cmd.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${cmd.usage}`);
  }
}
