import type { z } from '../util/zod.js';
import { quoted } from '../util/quoted.js';

/** One thing wrong with the answers: which answer, the value given, and what would be right. */
export interface AnswerProblem {
  /** Where the answer came from and its name there: `--name`, `answers.json: env[1].key`. */
  answer: string;
  value?: unknown;
  reason: string;
}

export class AnswersError extends Error {
  constructor(readonly problems: AnswerProblem[]) {
    super(formatProblems(problems));
    this.name = 'AnswersError';
  }
}

export function formatValue(value: unknown): string {
  if (value === undefined) return '';
  return ` ${quoted(value)}`;
}

export function formatProblems(problems: AnswerProblem[]): string {
  const lines = problems.map((problem) => `  - ${problem.answer}${formatValue(problem.value)}: ${problem.reason}`);
  const noun = problems.length === 1 ? 'problem' : 'problems';
  return `The answers have ${problems.length} ${noun}:\n${lines.join('\n')}`;
}

export function pathLabel(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`))
    .join('');
}

export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function reasonOf(issue: z.core.$ZodIssue, value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value))
    return 'is too large to be a number (JSON reads it as infinity): give a finite number';
  if (issue.code === 'invalid_type') return `must be ${article(issue.expected)}, not ${article(typeName(value))}`;
  if (issue.code === 'unrecognized_keys') return '';
  return issue.message;
}

/** The JSON name of a value's type, as a user who wrote the JSON would say it. */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/**
 * Turns zod's issues into problems. `label` names an answer by its path, so the same schema
 * can speak of flags (`--port`) or of an answers file (`answers.json: port`).
 */
export function problemsFromZod(
  error: z.core.$ZodError,
  input: unknown,
  label: (path: readonly PropertyKey[]) => string,
): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        problems.push({ answer: label([...issue.path, key]), reason: 'is not a known answer' });
      continue;
    }
    const value = valueAt(input, issue.path);
    problems.push({
      answer: label(issue.path),
      // An object is named by its path, and a number beyond JSON's range would show as null.
      value: (value !== null && typeof value === 'object') || (typeof value === 'number' && !Number.isFinite(value)) ? undefined : value,
      reason: value === undefined && issue.code !== 'custom' ? 'is required' : reasonOf(issue, value),
    });
  }
  return problems;
}
