export interface Output {
  info(text: string): void;
  error(text: string): void;
}

const watched = new WeakSet<NodeJS.WriteStream>();
const READER_GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

/**
 * Writes to stdout or stderr. When the reader has gone (`| head`, a pager quit early), the rest is
 * dropped and the command runs to its end with its own exit code, instead of dying on EPIPE
 * halfway (a change may be between its staging and its commit). The watch is set on first
 * use, as touching a stream sets it up.
 */
export function writeTo(stream: NodeJS.WriteStream, text: string): void {
  if (!watched.has(stream)) {
    watched.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (!READER_GONE.has(error.code ?? '')) throw error;
    });
  }
  stream.write(text);
}

let informed = false;

/** Whether anything was printed on stdout through consoleOutput (a --json refusal is printed only where nothing was). */
export const stdoutUsed = () => informed;

export const consoleOutput: Output = {
  info: (text) => {
    informed = true;
    writeTo(process.stdout, `${text}\n`);
  },
  error: (text) => writeTo(process.stderr, `${text}\n`),
};
