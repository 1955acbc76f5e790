/** One-line text made safe inside a source comment (`/* ... *\/`, `/** ... *\/`): it cannot close the comment. */
export function sourceCommentText(text: string): string {
  return text.replaceAll('*/', '*\\/');
}
