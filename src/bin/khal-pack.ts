#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { EXIT } from '../util/exit-codes.js';
import { generatorVersion } from '../util/paths.js';
import { type InterruptGuard, exitForUsage, exitOnInterrupt, flagTakenAsValue, runCommand } from './run.js';

// Command modules are imported inside each action, so `--help` loads only commander.

// add env shares create's guard (see exitOnInterrupt).
let guard: InterruptGuard | undefined;
exitOnInterrupt(() => guard, 'Interrupted.');

const output = async () => (await import('../util/output.js')).consoleOutput;

const program = new Command('khal-pack')
  .description('Keep a Khal OS pack honest after day one: check it, diff its env contract, print its customer hand-off, add env entries.')
  .version(generatorVersion(), '-V, --version', 'print the version of khal-pack')
  .helpOption('-h, --help', 'show this help')
  .addHelpText('after', '\nExit codes: 0 done; 1 problems found (or a breaking change) or failed; 2 bad usage; 130 interrupted.')
  .showHelpAfterError('See khal-pack --help (or khal-pack <command> --help) for every command and flag.')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) })
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
    runCommand(async () => (await import('../commands/check.js')).checkCommand(dir, options, await output())),
  );

program
  .command('env')
  .description('Work with the env[] contract')
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
    runCommand(async () =>
      (await import('../commands/env-diff.js')).envDiffCommand([old, next].filter((arg): arg is string => arg !== undefined), options, await output()),
    ),
  );

program
  .command('handoff')
  .description('Print the customer hand-off sheet: install artifact and the env entries a customer admin supplies')
  .argument('[dir]', 'the pack folder, or a khal-app.json file (default: .)')
  .option('--json', 'print the sheet as JSON')
  .action((dir: string | undefined, options: { json?: boolean }) =>
    runCommand(async () => (await import('../commands/handoff.js')).handoffCommand(dir, options, await output())),
  );

program
  .command('add')
  .description('Add to an existing pack')
  .command('env')
  .description('Add one env entry to a full-stack pack: manifest, values.yaml, values.schema.json, .env.example, service config, README')
  .argument('[key]', 'the env key, e.g. WEATHER_API_KEY (asked on a terminal when missing)')
  .option('--type <type>', 'string, number, boolean, secret or url')
  .option('--description <text>', 'one line shown to the customer admin')
  .option('--required', 'the platform blocks install until it has a value (default without --default)')
  .option('--optional', 'customers may leave it unset (default with --default)')
  .option('--default <value>', 'default value of an optional, non-secret entry')
  .option('--dir <folder>', 'the pack folder (default: .)')
  .option('--dry-run', 'print the changes it would make to each file, and change nothing')
  .addHelpText('after', '\nExample:\n  khal-pack add env POLL_SECONDS --type number --description "Seconds between readings" --default 30')
  .action((key: string | undefined, options: Record<string, unknown>) =>
    runCommand(async () => {
      const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
      const prompter = interactive ? await (await import('../answers/prompter.js')).terminalPrompter() : undefined;
      const [{ addEnvCommand }, { RunGuard }] = await Promise.all([import('../commands/add-env.js'), import('../write/run-guard.js')]);
      const runGuard = new RunGuard();
      guard = runGuard;
      await addEnvCommand(key, options, { out: await output(), prompter, guard: runGuard });
    }),
  );

program
  .command('release')
  .description('Release the pack: the version everywhere it lives, and a CHANGELOG.md section with the env[] changes since the last release')
  .argument('[bump]', 'patch, minor, major, or the new version (e.g. 1.4.0)')
  .argument('[dir]', 'the pack folder (default: .)')
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
  .action((bump: string | undefined, dir: string | undefined, options: { verify?: boolean; since?: string; allowBreaking?: boolean; date?: string; dryRun?: boolean; json?: boolean }) =>
    runCommand(async () => {
      if (options.verify) {
        if (dir !== undefined) exitForUsage(`error: release --verify takes only the pack folder; got ${bump} ${dir}`);
        return (await import('../commands/release-verify.js')).verifyReleaseCommand(bump, options, await output());
      }
      if (bump === undefined) exitForUsage("error: release needs patch, minor, major or a version (e.g. khal-pack release minor)");
      const [{ releaseCommand }, { RunGuard }] = await Promise.all([import('../commands/release.js'), import('../write/run-guard.js')]);
      const runGuard = new RunGuard();
      guard = runGuard;
      return releaseCommand(bump, dir, options, { out: await output(), guard: runGuard });
    }),
  );

program.parseAsync().catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  throw error;
});
