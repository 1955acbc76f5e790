import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { type Token, type Tokens, marked } from 'marked';
import { expect } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { PackAnswers } from '../../src/answers/schema.js';
import { checkManifest } from '../../src/manifest/manifest-schema.js';
import { markdownText } from '../../src/util/markdown.js';
import { CLI } from '../support/generate.js';

/** Texts that break a template that quotes badly: JSON, YAML, Markdown, HTML, Handlebars, shells. */
export const TRICKY_TEXTS = [
  `She said "hi" & left`,
  `back\\slash \\n \\" \\\\`,
  `<script>alert('x')</script> & &amp; &lt;`,
  `{{name}} and }} and {{{raw}}}`,
  '${{ secrets.TOKEN }} and ${HOME} and `ls`',
  '# not a heading',
  'key: value',
  '- not a list item',
  '* not a list item either',
  'yes',
  'no',
  'null',
  '~',
  '0123',
  '1e3',
  '.5',
  'true',
  'Café naïve résumé Ångström',
  '天气预报 東京の天気',
  'Weather 🌦️ 👩🏽‍💻 flags 🇧🇷',
  'مرحبا بالعالم שלום',
  `'single' "double" | pipe | [link](http://x) _under_ *star*`,
  '@scope/pack %s %d {0} $1 \\1',
  '[object Object] ---',
  'ends a comment */ or opens one /*',
] as const;

export const CLI_PATH = CLI;

/** Runs the built CLI without a terminal (stdin closed), never rejecting. */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }) {
  return execa('node', [CLI, ...args], {
    cwd: options.cwd,
    reject: false,
    stdin: 'ignore',
    env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...options.env },
  });
}

/** Every entry under `folder` with its content (files), target (links) or nothing (folders): a before/after picture. */
export function treeSnapshot(folder: string): Record<string, string> {
  const snapshot: Record<string, string> = {};
  if (!existsSync(folder)) return snapshot;
  const walk = (relative: string) => {
    for (const name of readdirSync(path.join(folder, relative)).sort()) {
      const entry = relative ? `${relative}/${name}` : name;
      const full = path.join(folder, entry);
      const stats = lstatSync(full);
      if (stats.isSymbolicLink()) snapshot[entry] = `-> ${readlinkSync(full)}`;
      else if (stats.isDirectory()) {
        snapshot[`${entry}/`] = `mode ${stats.mode.toString(8)}`;
        walk(entry);
      } else snapshot[entry] = `${stats.mode.toString(8)} ${readFileSync(full, 'base64')}`;
    }
  };
  walk('');
  return snapshot;
}

/** The text a reader sees in Markdown inline tokens (escapes resolved, code spans as written). */
export function inlineText(tokens: Token[] | undefined): string {
  return (tokens ?? [])
    .map((token) => {
      if ('tokens' in token && token.tokens && token.type !== 'codespan') return inlineText(token.tokens);
      if (token.type === 'escape' || token.type === 'codespan') return (token as Tokens.Escape).text;
      if (token.type === 'br') return '\n';
      return (token as Tokens.Text).text ?? token.raw;
    })
    .join('');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' };
const htmlEscaped = (text: string) => text.replace(/[&<>"'`=]/g, (character) => HTML_ESCAPES[character]!);

const xmlUnescaped = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#x27|#x60|#x3D);/g, (entity) => Object.entries(HTML_ESCAPES).find(([, escaped]) => escaped === entity)![0]);

/** The user's free texts in a set of answers, each named. */
export function userTexts(answers: PackAnswers): { where: string; text: string }[] {
  return [
    { where: 'displayName', text: answers.displayName },
    { where: 'description', text: answers.description },
    { where: 'author', text: answers.author },
    ...answers.env.flatMap((entry, index) => [
      { where: `env[${index}].description`, text: entry.description },
      ...(entry.default === undefined ? [] : [{ where: `env[${index}].default`, text: entry.default }]),
    ]),
  ];
}

/**
 * Parses every generated file it knows how to read and checks that each user text in it is
 * exactly what was answered. Iterates over the files that exist, so files added later (the
 * Helm chart) are covered as soon as they are generated. Returns the files whose meaning it checked.
 */
export function expectUserTextsRoundTrip(folder: string, files: string[], answers: PackAnswers): string[] {
  const read = (file: string) => readFileSync(path.join(folder, file), 'utf8');
  const checked: string[] = [];
  const configEntries = answers.env.filter((entry) => entry.type !== 'secret');
  for (const file of files) {
    const text = read(file);
    // A bare {{x}} in a template HTML-escapes the user's text: never in any file but XML (SVG), where it is right.
    if (file.endsWith('.svg')) {
      const label = /aria-label="([^"]*)"/.exec(text)?.[1];
      if (label !== undefined) expect(xmlUnescaped(label), `${file} aria-label`).toBe(answers.displayName);
      checked.push(file);
      continue;
    }
    const texts = userTexts(answers);
    for (const { where, text: userText } of texts)
      // (Unless a user text itself holds the escaped form, as in "&lt;", or its Markdown form does, as "\&lt;" does.)
      if (
        htmlEscaped(userText) !== userText &&
        !texts.some((other) => other.text.includes(htmlEscaped(userText)) || markdownText(other.text).includes(htmlEscaped(userText)))
      )
        expect(text.includes(htmlEscaped(userText)), `${file} holds ${where} HTML-escaped`).toBe(false);

    if (file === 'khal-app.json') {
      const manifest = JSON.parse(text);
      expect(checkManifest(manifest), file).toEqual([]);
      expect({ name: manifest.name, description: manifest.description, author: manifest.author }, file).toEqual({
        name: answers.displayName,
        description: answers.description,
        author: answers.author,
      });
      expect(manifest.env ?? [], file).toEqual(
        answers.env.map(({ key, description, default: value }) =>
          expect.objectContaining({ key, description, ...(value === undefined ? {} : { default: value }) }),
        ),
      );
      checked.push(file);
    } else if (file === '.khal-pack.json') {
      const { $generator: _generator, ...recorded } = JSON.parse(text);
      expect(recorded, file).toEqual(answers);
      checked.push(file);
    } else if (file.endsWith('package.json')) {
      const pkg = JSON.parse(text);
      if ('description' in pkg) expect(pkg.description, `${file} description`).toBe(answers.description);
      if ('author' in pkg) expect(pkg.author, `${file} author`).toBe(answers.author);
      checked.push(file);
    } else if (file === 'helm/Chart.yaml') {
      const chart = parseYaml(text);
      expect(chart.description, file).toBe(answers.description);
      checked.push(file);
    } else if (file === 'helm/values.yaml') {
      const values = parseYaml(text);
      if (values.env !== undefined) {
        expect(values.env.config ?? {}, `${file} env.config`).toEqual(
          Object.fromEntries(configEntries.map((entry) => [entry.key, entry.default ?? ''])),
        );
        for (const entry of configEntries) expect(text, `${file}: the comment of ${entry.key}`).toContain(`\n    # ${envComment(entry)}\n`);
      }
      checked.push(file);
    } else if (file === 'service/.env.example') {
      for (const entry of answers.env) expect(text, `${file}: the comment of ${entry.key}`).toContain(`\n# ${envComment(entry)}\n${entry.key}=`);
      checked.push(file);
    } else if (file === 'helm/values.schema.json') {
      expectSchemaTexts(JSON.parse(text), answers, file);
      checked.push(file);
    } else if (file === 'README.md') {
      expectReadmeTexts(text, answers);
      checked.push(file);
    } else if (file.endsWith('.json')) {
      JSON.parse(text);
    } else if (/\.ya?ml$/.test(file) && !file.startsWith('helm/templates/')) {
      parseYaml(text);
    }
  }
  return checked;
}

/** The line comment values.yaml and .env.example give an env entry: its description as typed, its type, required or not. */
const envComment = (entry: PackAnswers['env'][number]) => `${entry.description} (${entry.type}, ${entry.required ? 'required' : 'optional'})`;

/** Wherever the values schema speaks of an env key, its description and default are the user's. */
function expectSchemaTexts(schema: unknown, answers: PackAnswers, file: string) {
  const byKey = new Map(answers.env.map((entry) => [entry.key, entry]));
  const visit = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const entry = byKey.get(key);
      if (entry && value && typeof value === 'object' && !Array.isArray(value)) {
        const property = value as { description?: unknown; default?: unknown };
        // The schema may add the type after the user's words; the words themselves are kept.
        if ('description' in property)
          expect(String(property.description).startsWith(entry.description), `${file} ${key}.description: ${property.description}`).toBe(true);
        if ('default' in property) expect(property.default, `${file} ${key}.default`).toBe(entry.default ?? '');
      }
      visit(value);
    }
  };
  visit(schema);
}

function expectReadmeTexts(markdown: string, answers: PackAnswers) {
  const tokens = marked.lexer(markdown);
  const title = tokens.find((token): token is Tokens.Heading => token.type === 'heading' && token.depth === 1);
  expect(inlineText(title?.tokens), 'README title').toBe(answers.displayName);
  const paragraphs = tokens.filter((token): token is Tokens.Paragraph => token.type === 'paragraph').map((token) => inlineText(token.tokens));
  expect(paragraphs[0], 'README description paragraph').toBe(answers.description);
  const byLine = paragraphs.find((paragraph) => paragraph.startsWith('A Khal OS pack by '));
  expect(byLine?.slice('A Khal OS pack by '.length).startsWith(`${answers.author}: `), `README author line: ${byLine}`).toBe(true);

  const table = tokens.find((token): token is Tokens.Table => token.type === 'table' && token.header.some((cell: Tokens.TableCell) => cell.text === 'Description'));
  if (answers.env.length === 0) return;
  expect(table, 'README hand-off table').toBeDefined();
  const column = (name: string) => table!.header.findIndex((cell) => cell.text === name);
  const rows = table!.rows.map((row) => ({
    key: inlineText(row[column('Key')]!.tokens),
    default: inlineText(row[column('Default')]!.tokens),
    description: inlineText(row[column('Description')]!.tokens),
  }));
  expect(rows, 'README hand-off rows').toEqual(
    answers.env.map((entry) => ({
      key: entry.key,
      default: entry.type === 'secret' || entry.default === undefined ? '' : entry.default,
      description: entry.description,
    })),
  );
}
