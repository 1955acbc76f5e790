#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ANSWER_NAMES, optionOf } from '../answers/fields.js';
import { EXIT } from '../util/exit-codes.js';
import { gitUserName } from '../util/git.js';
import { consoleOutput, writeTo } from '../util/output.js';
import { generatorVersion } from '../util/paths.js';
import { exitForUsage, exitOnInterrupt, flagTakenAsValue, invocationOf, runCommand, versionFlagAmongOthers, wordAfterFlagValue } from './run.js';
import type { RunGuard } from '../write/run-guard.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

let guard: RunGuard | undefined;
exitOnInterrupt(() => guard, 'Interrupted: nothing was written.');

const program = new Command('create-khal-pack');
program
  .description('Scaffold a new Khal OS pack: manifest, frontend package, and for full-stack packs a Bun service and a Helm chart.')
  .argument('[dir]', 'target folder (default: pack-<id>); its name without "pack-" is the pack id');
for (const name of ANSWER_NAMES) {
  const { flags, help, repeatable } = optionOf(name, 'create');
  if (repeatable) program.option(flags, help, collect);
  else program.option(flags, help);
}
program
  .option('--answers <file>', 'read answers from a JSON file (e.g. a pack\'s .khal-pack.json)')
  .option('-y, --yes', 'take the default of every answer not given; never prompt')
  .option('--force', 'write into a non-empty folder, overwriting only the pack\'s own files')
  .option('--dry-run', 'print the files that would be written, and write nothing')
  .version(generatorVersion(), '-V, --version', 'print the version of create-khal-pack')
  .helpOption('-h, --help', 'show this help')
  .addHelpText('after', `\nExit codes: 0 done; 1 failed, or you declined the final confirmation (nothing written); 2 bad usage or answers (nothing written); 130 interrupted.`)
  .showHelpAfterError('See create-khal-pack --help for every flag. Nothing was written.')
  .exitOverride()
  .configureOutput({ writeOut: (text) => writeTo(process.stdout, text), writeErr: (text) => writeTo(process.stderr, text) });

function refuse(mistake: string | undefined): void {
  if (mistake !== undefined) exitForUsage(`${mistake}\nNothing was written.`);
}

refuse(versionFlagAmongOthers(process.argv.slice(2)));
refuse(flagTakenAsValue(program));
refuse(wordAfterFlagValue(program));
try {
  program.parse();
} catch (error) {
  // Commander has said what was wrong, and that nothing was written: the hint follows it.
  if (error instanceof CommanderError && error.code === 'commander.excessArguments')
    exitForUsage(
      `\nOnly one folder is taken; also given: ${program.args.slice(1).map((arg) => JSON.stringify(arg)).join(', ')}. A value with spaces needs quotes, e.g. --description "Weather for the fleet".`,
    );
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  throw error;
}

void runCommand(async () => {
  const [{ createCommand }, { RunGuard }] = await Promise.all([import('../commands/create.js'), import('../write/run-guard.js')]);
  guard = new RunGuard();
  const options = program.opts();
  // --yes and stdout first: reading process.stdin sets up a stream, a few milliseconds a scripted run needs not spend.
  const interactive = !options.yes && Boolean(process.stdout.isTTY && process.stdin.isTTY);
  const prompter = interactive ? await (await import('../answers/prompter.js')).terminalPrompter() : undefined;
  await createCommand(program.args[0], options, {
    out: consoleOutput,
    prompter,
    gitAuthor: gitUserName,
    guard,
    invocation: invocationOf('create-khal-pack'),
  });
});
