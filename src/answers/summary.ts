import { ANSWER_NAMES, type AnswerName, FIELDS, fieldOf, usedBy } from './fields.js';
import type { AnswerOrigin } from './resolve.js';
import type { PackAnswers } from './schema.js';

/** Where an answer came from, as the summary says it; nothing for an answer typed at a prompt. */
function originLabel(name: AnswerName, origin: AnswerOrigin | undefined, file: string | undefined): string {
  switch (origin) {
    case 'flag':
      return FIELDS[name].flag;
    case 'file':
      return file ?? 'answers file';
    case 'directory':
      return 'from the target folder';
    case 'git':
      return 'git config user.name';
    case 'default':
      return 'default';
    default:
      return '';
  }
}

/**
 * One line per answer (those a frontend-only pack has no use for left out), each with where it
 * came from when `origins` are given.
 */
export function answersSummary(
  answers: PackAnswers,
  heading: string,
  sources?: { origins: Partial<Record<AnswerName, AnswerOrigin>>; file?: string },
): string {
  const lines = ANSWER_NAMES.filter((name) => usedBy(name, answers.kind)).map((name) => {
    const { label, show } = fieldOf(name).summary;
    const origin = sources ? originLabel(name, sources.origins[name], sources.file) : '';
    return `  ${label.padEnd(14)}${show(answers[name])}${origin ? `  (${origin})` : ''}`;
  });
  return ['', heading, ...lines, ''].join('\n');
}
