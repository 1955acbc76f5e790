/**
 * The service's HTTP side: `/healthz` answers while the process runs (liveness);
 * `/readyz` answers 200 only while NATS is connected (readiness), else 503.
 */
export function createHttpHandler(isReady: () => boolean): (request: Request) => Response {
  return (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/healthz') return new Response('ok\n');
    if (pathname === '/readyz')
      return isReady() ? new Response('ready\n') : new Response('not ready: NATS is not connected\n', { status: 503 });
    return new Response('not found\n', { status: 404 });
  };
}
