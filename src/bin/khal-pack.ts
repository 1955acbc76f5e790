#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { EXIT } from '../util/exit-codes.js';
import { writeTo } from '../util/output.js';
import { generatorVersion } from '../util/paths.js';
import { type InterruptGuard, exitForUsage, exitOnInterrupt, flagTakenAsValue, invocationOf, runCommand } from './run.js';

// Command modules are imported inside each action, so `--help` loads only commander.

// Every command that changes the pack shares create's guard (see exitOnInterrupt).
let guard: InterruptGuard | undefined;
exitOnInterrupt(() => guard, 'Interrupted.');

const output = async () => (await import('../util/output.js')).consoleOutput;

/** What commander printed on stderr (a usage mistake), for the `--json` error. */
let commanderSaid = '';

const program = new Command('khal-pack')
  .description('Keep a Khal OS pack honest after day one: check it, diff its env contract, print its customer hand-off, change its env entries and answers, update it to new templates.')
  .version(generatorVersion(), '-V, --version', 'print the version of khal-pack')
  .helpOption('-h, --help', 'show this help')
  .addHelpText('after', '\nExit codes: 0 done; 1 problems found (or a breaking change) or failed; 2 bad usage; 3 update --check could not tell; 130 interrupted.')
  .showHelpAfterError('See khal-pack --help (or khal-pack <command> --help) for every command and flag.')
  .exitOverride()
  .configureOutput({
    writeOut: (text) => writeTo(process.stdout, text),
    writeErr: (text) => {
      commanderSaid += text;
      writeTo(process.stderr, text);
    },
  })
  .hook('preAction', (_program, action) => {
    const mistake = flagTakenAsValue(action);
    if (mistake) exitForUsage(mistake);
  });

program
  .command('check')
  .description('Validate khal-app.json against the pack contract and cross-check the pack\'s files against it')
  .argument('[dir]', 'the pack folder, or a khal-app.json file on its own (default: .)')
  .option('--json', 'print the findings as JSON')
  .addHelpText('after', '\nErrors exit 1; warnings alone exit 0.')
  .action((dir: string | undefined, options: { json?: boolean }) =>
    runCommand(async () => (await import('../commands/check.js')).checkCommand(dir, options, await output()), options),
  );

const env = program.command('env').description('Work with the env[] contract: diff it, add, remove, rename or change an entry');

env
  .command('diff')
  .description('Classify the env[] changes between two versions of a pack, as a release-notes section')
  .argument('[old]', 'the old khal-app.json or pack folder (or, with --from, the pack folder)')
  .argument('[new]', 'the new khal-app.json or pack folder')
  .option('--from <revision>', 'git revision of the pack to compare from, e.g. v1.2.0')
  .option('--to <revision>', 'git revision to compare to (default: the working tree)')
  .option('--json', 'print the changes as JSON')
  .option('--allow-breaking', 'exit 0 even when a change is breaking')
  .addHelpText(
    'after',
    '\nExamples:\n  khal-pack env diff old/khal-app.json khal-app.json\n  khal-pack env diff --from v1.2.0 --to HEAD\n\nExit 1 when a change is breaking, unless --allow-breaking.',
  )
  .action((old: string | undefined, next: string | undefined, options: Record<string, unknown>) =>
    runCommand(
      async () => (await import('../commands/env-diff.js')).envDiffCommand([old, next].filter((arg): arg is string => arg !== undefined), options, await output()),
      options,
    ),
  );

program
  .command('handoff')
  .description('Print the customer hand-off sheet: install artifact and the env entries a customer admin supplies')
  .argument('[dir]', 'the pack folder, or a khal-app.json file (default: .)')
  .option('--json', 'print the sheet as JSON')
  .action((dir: string | undefined, options: { json?: boolean }) =>
    runCommand(async () => (await import('../commands/handoff.js')).handoffCommand(dir, options, await output()), options),
  );

/** The terminal prompter and the run's guard, shared with the signal handler. */
async function runContext() {
  // stdout first: it is written anyway, while reading process.stdin sets up a stream (milliseconds) that a scripted run never uses.
  const interactive = Boolean(process.stdout.isTTY && process.stdin.isTTY);
  const prompter = interactive ? await (await import('../answers/prompter.js')).terminalPrompter() : undefined;
  const { RunGuard } = await import('../write/run-guard.js');
  const runGuard = new RunGuard();
  guard = runGuard;
  return { out: await output(), prompter, guard: runGuard };
}

const addEnvAction = (key: string | undefined, options: Record<string, unknown>) =>
  runCommand(async () => {
    const context = { ...(await runContext()), invocation: invocationOf('khal-pack') };
    return (await (await import('../commands/add-env.js')).addEnvCommand(key, options, context)).exitCode;
  }, options);

/** The options every command that changes a pack takes. */
function changeOptions(command: Command, withDir = true): Command {
  if (withDir) command.option('--dir <folder>', 'the pack folder (default: .)');
  return command
    .option('--dry-run', 'print the changes it would make to each file, and change nothing')
    .option('--json', 'print the changed files, conflicts and findings as JSON')
    .option('-y, --yes', 'do not ask for confirmation on a terminal');
}

function envEntryOptions(command: Command): Command {
  return command
    .option('--type <type>', 'string, number, boolean, secret or url')
    .option('--description <text>', 'one line shown to the customer admin')
    .option('--required', 'the platform blocks install until it has a value (default without --default)')
    .option('--optional', 'customers may leave it unset (default with --default)')
    .option('--default <value>', 'default value of an optional, non-secret entry');
}

const ADD_ENV_HELP = '\nExample:\n  khal-pack env add POLL_SECONDS --type number --description "Seconds between readings" --default 30';
const ADD_ENV_DESCRIPTION = 'Add one env entry to a full-stack pack: manifest, values.yaml, values.schema.json, .env.example, service config, README';

changeOptions(envEntryOptions(env.command('add').description(ADD_ENV_DESCRIPTION).argument('[key]', 'the env key, e.g. WEATHER_API_KEY (asked on a terminal when missing)')))
  .addHelpText('after', ADD_ENV_HELP)
  .action(addEnvAction);

changeOptions(env.command('remove').description('Take an env entry out of every file it lives in').argument('<key>', 'the env key'))
  .addHelpText('after', '\nExample:\n  khal-pack env remove POLL_SECONDS --dry-run')
  .action((key: string, options: Record<string, unknown>) =>
    runCommand(async () => (await import('../commands/env-change.js')).envRemoveCommand(key, options, await runContext()), options),
  );

changeOptions(env.command('rename').description('Rename an env entry in every file it lives in (a breaking change for customers)').argument('<key>', 'the env key').argument('<new-key>', 'its new name'))
  .addHelpText('after', '\nExample:\n  khal-pack env rename POLL_SECONDS POLL_INTERVAL_SECONDS')
  .action((key: string, newKey: string, options: Record<string, unknown>) =>
    runCommand(async () => (await import('../commands/env-change.js')).envRenameCommand(key, newKey, options, await runContext()), options),
  );

changeOptions(envEntryOptions(env.command('set').description('Change one env entry: its type, description, required or default').argument('<key>', 'the env key')))
  .addHelpText('after', '\nExample:\n  khal-pack env set POLL_SECONDS --optional --default 60')
  .action((key: string, options: Record<string, unknown>) =>
    runCommand(async () => (await import('../commands/env-change.js')).envSetCommand(key, options, await runContext()), options),
  );

const collect = (value: string, previous: string[] = []) => [...previous, value];

// set's answer options come from the table of answers, which is loaded (with zod) only when set
// is the command: every other command, and `khal-pack --help`, start without it.
const set = changeOptions(
  program.command('set').description("Change the pack's answers (all but env entries) with create-khal-pack's flags; every file they reach is updated"),
)
  .addHelpText('after', '\nExamples:\n  khal-pack set --kind full-stack\n  khal-pack set --display-name "Weather Station" --permission nats:publish --permission http:fetch')
  .action((options: Record<string, unknown>) => runCommand(async () => (await import('../commands/set.js')).setCommand(options, await runContext()), options));

program.hook('preSubcommand', async (_program, subcommand) => {
  if (subcommand !== set) return;
  const { ANSWER_NAMES, FIELDS, optionOf } = await import('../answers/fields.js');
  for (const name of ANSWER_NAMES) {
    const { flags, help, repeatable } = optionOf(name, 'set');
    // An answer another command changes is taken only to say which command that is.
    const option = new Option(flags, help).hideHelp(FIELDS[name].changedBy !== undefined);
    set.addOption(repeatable ? option.argParser(collect) : option);
  }
});

changeOptions(
  program
    .command('update')
    .description("Bring the pack to this kit's templates: a 3-way merge that keeps your edits and marks real conflicts")
    .argument('[dir]', 'the pack folder (default: .)')
    .option('--base-kit <folder or tarball>', 'the kit that made the pack (the version in .khal-pack.json), when it is neither cached nor in the registry')
    .option('--check', 'change nothing; exit 1 when a newer template is available, 3 when that cannot be told'),
  false,
)
  .addHelpText('after', '\nExamples:\n  khal-pack update --dry-run\n  khal-pack update --check\n  khal-pack update --base-kit ./create-khal-pack-0.1.0.tgz')
  .action((dir: string | undefined, options: Record<string, unknown>) =>
    runCommand(async () => (await import('../commands/update.js')).updateCommand(dir, options, await runContext()), options),
  );

// `add env`: the name add env had before `env add`; both run the same command.
changeOptions(envEntryOptions(program.command('add').description('Add to an existing pack').command('env').description(ADD_ENV_DESCRIPTION).argument('[key]', 'the env key, e.g. WEATHER_API_KEY (asked on a terminal when missing)')))
  .addHelpText('after', ADD_ENV_HELP)
  .action(addEnvAction);


program
  .command('release')
  .description('Release the pack: the version everywhere it lives, and a CHANGELOG.md section with the env[] changes since the last release')
  .argument('[bump]', 'patch, minor, major, or the new version (e.g. 1.4.0)')
  .argument('[dir]', 'the pack folder (default: .)')
  .option('--dir <folder>', 'the pack folder, as the other commands take it (instead of [dir])')
  .option('--since <release>', "the last release to compare env[] with: its khal-app.json, or a git revision (default: the tag v<current version>)")
  .option('--allow-breaking', 'release a breaking env[] change in a patch or minor release (the notes mark it breaking)')
  .option('--date <YYYY-MM-DD>', 'the date of the CHANGELOG.md section (default: today, UTC)')
  .option('--dry-run', 'print the changes it would make to each file, and change nothing')
  .option('--json', 'print the release as JSON')
  .option('--verify', "the pack's CI check: exit 1 when a breaking env[] change since the last release tag is not in CHANGELOG.md (takes only [dir])")
  .addHelpText(
    'after',
    '\nExamples:\n  khal-pack release minor\n  khal-pack release 2.0.0 --dry-run\n  khal-pack release --verify\n\nA breaking env[] change with patch or minor exits 1 unless --allow-breaking; major releases it, marked breaking.',
  )
  .action((bump: string | undefined, given: string | undefined, options: { dir?: string; verify?: boolean; since?: string; allowBreaking?: boolean; date?: string; dryRun?: boolean; json?: boolean }) =>
    runCommand(async () => {
      const positional = options.verify ? bump : given;
      if (options.dir !== undefined && positional !== undefined) exitForUsage(`error: give the pack folder once: as [dir] (${positional}) or as --dir (${options.dir})`);
      const dir = options.dir ?? positional;
      if (options.verify) {
        if (given !== undefined) exitForUsage(`error: release --verify takes only the pack folder; got ${bump} ${given}`);
        return (await import('../commands/release-verify.js')).verifyReleaseCommand(dir, options, await output());
      }
      if (bump === undefined) exitForUsage("error: release needs patch, minor, major or a version (e.g. khal-pack release minor)");
      return (await import('../commands/release.js')).releaseCommand(bump, dir, options, await runContext());
    }, options),
  );

program.parseAsync().catch((error: unknown) => {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) process.exit(EXIT.ok);
    exitForUsage(commanderSaid || error.message, { printed: true });
  }
  throw error;
});
