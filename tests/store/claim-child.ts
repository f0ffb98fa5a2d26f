/** Claims one event id in a file ledger, reports the answer, then dies without closing anything. */
import { openSqliteLedger } from "../../src/store/sqlite.ts";

const [path, eventId] = process.argv.slice(2);
const ledger = openSqliteLedger(path!);
const seen = await ledger.seenEvent(eventId!, Date.now());
process.stdout.write(`${seen}\n`, () => process.kill(process.pid, "SIGKILL"));
