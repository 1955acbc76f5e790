// The README's customer hand-off section: the markers around it, and how it is replaced.

export const HANDOFF_START = '<!-- khal-pack:handoff';
export const HANDOFF_END = '<!-- /khal-pack:handoff -->';

/** The README with its hand-off section replaced (between markers, else from its heading to the next `## `), or appended. */
export function replaceHandoffSection(readme: string, handoff: string): string {
  const start = readme.indexOf(HANDOFF_START);
  const end = readme.indexOf(HANDOFF_END);
  if (start !== -1 && end > start) {
    const afterStartMarker = readme.indexOf('\n', start) + 1;
    return `${readme.slice(0, afterStartMarker)}${handoff}${readme.slice(end)}`;
  }
  const lines = readme.split('\n');
  const heading = lines.findIndex((line) => /^##\s+Customer hand-off\s*$/.test(line));
  if (heading === -1) return `${readme.replace(/\n*$/, '\n\n')}${handoff}`;
  const next = lines.findIndex((line, index) => index > heading && /^##\s/.test(line));
  const tail = next === -1 ? '' : `\n${lines.slice(next).join('\n')}`;
  return `${lines.slice(0, heading).join('\n')}\n${handoff}${tail}`.replace(/^\n/, '');
}
