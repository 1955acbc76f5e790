/**
 * The four questions the CLI asks. The real one is @inquirer/prompts, loaded only when a
 * prompt is shown; tests pass a scripted one.
 */
export interface Prompter {
  input(question: { message: string; default?: string; validate?: (value: string) => string | true }): Promise<string>;
  select<T extends string>(question: {
    message: string;
    choices: { value: T; name: string; description?: string }[];
    default?: T;
  }): Promise<T>;
  confirm(question: { message: string; default?: boolean }): Promise<boolean>;
  checkbox<T extends string>(question: {
    message: string;
    choices: { value: T; name?: string; checked?: boolean }[];
  }): Promise<T[]>;
}

export async function terminalPrompter(): Promise<Prompter> {
  const prompts = await import('@inquirer/prompts');
  return {
    input: (question) => prompts.input(question),
    select: (question) => prompts.select(question),
    confirm: (question) => prompts.confirm(question),
    checkbox: (question) => prompts.checkbox({ ...question, pageSize: 10 }),
  };
}
