import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// A tiny npm registry on 127.0.0.1 (a free port): the packument of one package, with the
// versions it is given, and their tarballs. It answers 404 for anything else and counts every
// request, so a test can see whether npm asked it at all.

export interface LocalRegistry {
  /** The registry's URL, for npm_config_registry (ends with /). */
  url: string;
  /** Every request so far: method and path. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `name` with each version's tarball (an npm pack .tgz); versions not given are 404. */
export async function startLocalRegistry(name: string, tarballs: Record<string, string>): Promise<LocalRegistry> {
  const files = new Map<string, Buffer>();
  for (const [version, tarball] of Object.entries(tarballs)) files.set(`/${name}/-/${name}-${version}.tgz`, await readFile(tarball));
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const url = new URL(request.url ?? '/', 'http://registry');
    const tarball = files.get(url.pathname);
    if (request.method === 'GET' && url.pathname === `/${name}`) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(packument(name, files, `http://${request.headers.host}`)));
    } else if (request.method === 'GET' && tarball) {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': tarball.length });
      response.end(tarball);
    } else {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'Not found' }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** The registry's document for `name`: each version with its tarball URL and checksums. */
function packument(name: string, files: Map<string, Buffer>, origin: string) {
  const versions: Record<string, unknown> = {};
  for (const [file, content] of files) {
    const version = file.slice(`/${name}/-/${name}-`.length, -'.tgz'.length);
    versions[version] = {
      name,
      version,
      dist: {
        tarball: `${origin}${file}`,
        integrity: `sha512-${createHash('sha512').update(content).digest('base64')}`,
        shasum: createHash('sha1').update(content).digest('hex'),
      },
    };
  }
  const latest = Object.keys(versions).at(-1);
  return { name, 'dist-tags': latest ? { latest } : {}, versions };
}
