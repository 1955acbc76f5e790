#!/bin/sh
# Healthy when the service answers /healthz on its port.
exec bun -e "const r = await fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz'); process.exit(r.ok ? 0 : 1)"
