import type Handlebars from 'handlebars';
import { HandlebarsRuntime } from './handlebars-runtime.js';
import { markdownCode, markdownText } from '../util/markdown.js';
import { escapeXml } from '../util/xml.js';
import { sourceCommentText } from '../util/source-comment.js';

// The template helpers: src/plan/template-engine.ts registers them on the one handlebars
// instance that renders packs, and the build precompiles with exactly these. Every helper that outputs a user's text serialises it for its target
// format and returns a SafeString, so handlebars' HTML escaping never touches it; a plain
// {{value}} in a template is a bug that the round-trip tests catch.

const indentAfterFirstLine = (text: string, spaces: number) => text.replaceAll('\n', `\n${' '.repeat(spaces)}`);

export const TEMPLATE_HELPERS = {
  /** A JSON value; also a valid YAML scalar or flow collection, and a valid TS literal. `indent=N` for nesting. */
  json(value: unknown, options: Handlebars.HelperOptions) {
    const spaces = Number(options.hash?.indent ?? 0);
    return new HandlebarsRuntime.SafeString(indentAfterFirstLine(JSON.stringify(value ?? null, null, 2), spaces));
  },
  /** Markdown text that reads back as the value typed. */
  md(value: unknown) {
    return new HandlebarsRuntime.SafeString(markdownText(String(value)));
  },
  /** A Markdown code span. */
  code(value: unknown) {
    return new HandlebarsRuntime.SafeString(markdownCode(String(value)));
  },
  /** XML/SVG text or attribute content. */
  xml(value: string) {
    return new HandlebarsRuntime.SafeString(escapeXml(value));
  },
  /** One-line text inside a source comment (it cannot close the comment). */
  comment(value: string) {
    return new HandlebarsRuntime.SafeString(sourceCommentText(value));
  },
  /** One-line text after "#" in YAML or a .env file, as typed: only a line break ends such a comment, and no answer holds one. */
  lineComment(value: string) {
    if (/[\r\n\u2028\u2029]/.test(value)) throw new Error(`a line comment cannot hold a line break: ${JSON.stringify(value)}`);
    return new HandlebarsRuntime.SafeString(value);
  },
  /** Text that is already in its target format (a block the code built); never a user's raw answer. */
  raw(value: string) {
    return new HandlebarsRuntime.SafeString(value);
  },
} satisfies Record<string, (...args: never[]) => unknown>;

/** The helpers a template may use, as handlebars' compiler takes them (knownHelpersOnly). */
export const KNOWN_HELPERS = Object.fromEntries(Object.keys(TEMPLATE_HELPERS).map((name) => [name, true]));
