#!/usr/bin/env node
// The `kam` command: runs the TypeScript CLI through tsx, so a clone needs no build step.
import { existsSync } from "node:fs";
import { register } from "tsx/esm/api";

// Settings may come from a .env file in the working directory; the real environment wins.
if (existsSync(".env")) process.loadEnvFile(".env");
register();
const { main } = await import("../src/cli.ts");
process.exitCode = await main(process.argv.slice(2));
