import type { Command } from "./cli/command.ts";
import { parseCommandArgs, UsageError } from "./cli/command.ts";
import { commands } from "./cli/commands.ts";
import { ConfigError } from "./config.ts";

const HELP = (list: Command[]) => `kam — feishu-kam 大客户管理助手 / key-account assistant for Feishu

Usage: kam <command> [options]     (kam <command> --help for details)

Commands:
${list.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join("\n")}

Without FEISHU_APP_ID the commands work against the built-in Feishu sandbox (see README).`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${HELP(commands)}\n`);
    return name ? 0 : 1;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    process.stderr.write(`未知命令 unknown command: ${name}\n\n${HELP(commands)}\n`);
    return 2;
  }
  try {
    const args = parseCommandArgs(cmd, rest);
    if (args.values.help) {
      process.stdout.write(`${cmd.usage}\n`);
      return 0;
    }
    return await cmd.run(args);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    const e = err as Error & { code?: number; hint?: string };
    process.stderr.write(`错误 error: ${e.message}${e.hint ? `\n  → ${e.hint}` : ""}\n`);
    return 1;
  }
}
