import { readFile } from 'node:fs/promises';
import { ANSWER_NAMES, GENERATOR_KEY, type PackAnswers, partialAnswersSchema } from './schema.js';
import { type AnswerProblem, AnswersError, pathLabel, problemsFromZod } from './problems.js';

/** Reads and checks an answers file (or a `.khal-pack.json`); throws AnswersError listing every problem. */
export async function readAnswersFile(file: string): Promise<Partial<PackAnswers>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (error as Error).message;
    throw new AnswersError([{ answer: `--answers ${file}`, reason }]);
  }
  return parseAnswersText(text, file);
}

export function parseAnswersText(text: string, file: string): Partial<PackAnswers> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new AnswersError([{ answer: file, reason: `is not valid JSON: ${describeJsonError(text, error as Error)}` }]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new AnswersError([{ answer: file, reason: 'must hold one JSON object, e.g. {"name": "weather"}' }]);
  const parsed = partialAnswersSchema.safeParse(data);
  if (!parsed.success) {
    const problems: AnswerProblem[] = problemsFromZod(parsed.error, data, (path) => `${file}: ${pathLabel(path)}`).map(
      (problem) =>
        problem.reason === 'is not a known answer'
          ? { ...problem, reason: `is not a known answer (known: ${ANSWER_NAMES.join(', ')})` }
          : problem,
    );
    throw new AnswersError(problems);
  }
  const { [GENERATOR_KEY]: _generator, ...answers } = parsed.data;
  return answers;
}

/** "line 3, column 14: Unexpected token" from V8's message, which gives only a position. */
function describeJsonError(text: string, error: Error): string {
  const message = error.message;
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `line ${lineColumn[1]}, column ${lineColumn[2]}: ${message.replace(/ in JSON at .*$/, '')}`;
  const position = /position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  const cause = message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)/, '');
  return `line ${line}, column ${column}: ${cause}`;
}
