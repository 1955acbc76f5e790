export interface Output {
  info(text: string): void;
  error(text: string): void;
}

export const consoleOutput: Output = {
  info: (text) => process.stdout.write(`${text}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
};
