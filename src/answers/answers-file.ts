import { readFileSync, statSync } from 'node:fs';
import { specialKind } from '../util/file-kind.js';
import { ANSWER_NAMES, type AnswerName, GENERATOR_KEY, type PackAnswers, answerFields } from './schema.js';
import { type AnswerProblem, AnswersError, pathLabel, problemsFromZod } from './problems.js';
import { parseJson } from '../util/json.js';
import { firstInvalidUtf8 } from '../util/utf8.js';

/** Reads and checks an answers file (or a `.khal-pack.json`); throws AnswersError listing every problem. */
export async function readAnswersFile(file: string): Promise<Partial<PackAnswers>> {
  const { answers, problems } = await loadAnswersFile(file);
  if (problems.length > 0) throw new AnswersError(problems);
  return answers;
}

export interface LoadedAnswers {
  /** The answers that passed their rules; a bad one is left out and named in `problems`. */
  answers: Partial<PackAnswers>;
  problems: AnswerProblem[];
  /** The answers the file gives that broke a rule, as written: named in `problems`, never asked again. */
  refused: Partial<Record<AnswerName, unknown>>;
  /** False when the file could not be read as a JSON object: any answer might have been in it. */
  readable: boolean;
}

/** Reads an answers file and checks every key, so that all its problems can be listed at once. */
export async function loadAnswersFile(file: string): Promise<LoadedAnswers> {
  let bytes: Buffer;
  try {
    // A FIFO or a device would block the read (and the run with it): only a regular file is read.
    // Synchronous, as every file access of a create: fs/promises alone takes a few milliseconds to load.
    const special = specialKind(statSync(file));
    if (special) return { answers: {}, problems: [{ answer: `--answers ${file}`, reason: `is ${special}, not a file: save the answers to a JSON file and give its path` }], refused: {}, readable: false };
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a JSON file' : (error as Error).message;
    return { answers: {}, problems: [{ answer: `--answers ${file}`, reason }], refused: {}, readable: false };
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== undefined) return { answers: {}, problems: [invalidUtf8Problem(bytes, invalid, file)], refused: {}, readable: false };
  return checkAnswersText(bytes.toString('utf8'), file);
}

/** Names the answer that holds the first byte that is not UTF-8, and where it is, rather than reading it as U+FFFD. */
function invalidUtf8Problem(bytes: Buffer, offset: number, file: string): AnswerProblem {
  const before = bytes.subarray(0, offset).toString('utf8');
  const lines = before.split('\n');
  const where = `line ${lines.length}, column ${[...lines.at(-1)!].length + 1} (byte ${offset + 1})`;
  const reason = `is not valid UTF-8: byte 0x${bytes[offset]!.toString(16).toUpperCase().padStart(2, '0')} at ${where} does not start or continue a character; save the file as UTF-8`;
  const marker = '\uE000khal-pack-invalid-byte\uE000';
  const parsed = parseJson(before + marker + bytes.subarray(offset + 1).toString('utf8'));
  const path = parsed.ok ? pathOfText(parsed.data, marker) : undefined;
  return { answer: path && path.length > 0 ? `${file}: ${pathLabel(path)}` : file, reason };
}

/** The path of the first string value holding `text`, or of the object whose key holds it. */
function pathOfText(data: unknown, text: string, at: PropertyKey[] = []): PropertyKey[] | undefined {
  if (typeof data === 'string') return data.includes(text) ? at : undefined;
  if (data === null || typeof data !== 'object') return undefined;
  for (const [key, value] of Object.entries(data)) {
    const path = [...at, Array.isArray(data) ? Number(key) : key];
    if (key.includes(text)) return at;
    const found = pathOfText(value, text, path);
    if (found) return found;
  }
  return undefined;
}

export function checkAnswersText(text: string, file: string): LoadedAnswers {
  const parsed = parseJson(text, { skipByteOrderMark: true });
  if (!parsed.ok) return { answers: {}, problems: [{ answer: file, reason: parsed.reason }], refused: {}, readable: false };
  const data = parsed.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const problem = { answer: file, reason: 'must hold one JSON object, e.g. {"name": "weather"}' };
    return { answers: {}, problems: [problem], refused: {}, readable: false };
  }
  const answers: Record<string, unknown> = {};
  const refused: Record<string, unknown> = {};
  const problems: AnswerProblem[] = [];
  const label = (path: readonly PropertyKey[]) => `${file}: ${pathLabel(path)}`;
  for (const [key, value] of Object.entries(data)) {
    if (key === GENERATOR_KEY) {
      if (typeof value !== 'string') problems.push({ answer: label([key]), value, reason: 'must be a string, e.g. "create-khal-pack@0.1.0"' });
      continue;
    }
    if (!(ANSWER_NAMES as string[]).includes(key)) {
      problems.push({ answer: label([key]), reason: `is not a known answer (known: ${ANSWER_NAMES.join(', ')})` });
      continue;
    }
    const parsed = answerFields[key as AnswerName].safeParse(value);
    if (parsed.success) answers[key] = parsed.data;
    else {
      refused[key] = value;
      problems.push(...problemsFromZod(parsed.error, value, (path) => label([key, ...path])));
    }
  }
  return { answers: answers as Partial<PackAnswers>, problems, refused, readable: true };
}
