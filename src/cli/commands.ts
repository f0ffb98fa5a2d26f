import type { Command } from "./command.ts";
import { doctorCommand } from "./doctor-command.ts";
import { importCommand } from "./import-command.ts";
import { previewCommand } from "./preview-command.ts";
import { provisionCommand } from "./provision-command.ts";
import { runCommand } from "./run-command.ts";
import { seedCommand } from "./seed-command.ts";
import { serveCommand } from "./serve-command.ts";
import { syncCommand } from "./sync-command.ts";

export const commands: Command[] = [
  serveCommand,
  provisionCommand,
  doctorCommand,
  seedCommand,
  importCommand,
  syncCommand,
  previewCommand,
  runCommand,
];
