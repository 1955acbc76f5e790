#!/bin/sh
# Healthy while the service answers /healthz on its port (the image's HEALTHCHECK; the
# Dockerfile sets PORT).
exec bun -e "const r = await fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').catch(() => null); process.exit(r?.ok ? 0 : 1)"
