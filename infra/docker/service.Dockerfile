# One multi-stage build for every service, from the monorepo root:
#   docker build -f infra/docker/service.Dockerfile --build-arg SERVICE=cards -t cardline/cards:dev .
# Node 24 LTS (docs/adr/0013-node-versions.md). test/images.unit.test.ts replays
# the deps and runtime stages without Docker; test/images.int.test.ts starts
# each service from the result.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY packages packages
COPY services services
COPY apps apps
RUN npm ci --no-audit --no-fund
RUN npx tsc -b
# Ticketing's triage model, trained on the set it ships (docs/adr/0022-ticketing-triage.md).
RUN npm run train:triage -w @cardline/ticketing
# The agent console, bundled (docs/adr/0028-agent-console.md): the gateway serves it at /console.
RUN npm run build -w @cardline/console

# Production dependencies only, one install for every image (nothing here
# depends on SERVICE, so the layer is shared). npm nests a workspace's
# dependency in its own node_modules when the root holds another version of
# it (the gateway's undici), so those folders are copied too; each exists,
# possibly empty, for COPY to find.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages packages
COPY services services
RUN npm ci --omit=dev --no-audit --no-fund && for d in packages/* services/*; do mkdir -p "$d/node_modules"; done

# The console's files for the gateway image only: a COPY cannot be conditional,
# so this stage holds them under tree/ when SERVICE is gateway and holds an
# empty tree/ otherwise (paths relative to the WORKDIR, as image-stages.ts replays RUN).
FROM node:24-bookworm-slim AS console
ARG SERVICE
WORKDIR /out
COPY --from=build /app/apps/console/dist/web web
RUN mkdir -p tree && if [ "${SERVICE}" = gateway ]; then mkdir -p tree/apps/console/dist && cp -r web tree/apps/console/dist/web; fi

FROM node:24-bookworm-slim
ARG SERVICE
# Services only look their schemas up; the release script (packages/schemas/scripts/register.js) registers them.
ENV NODE_ENV=production PORT=8080 SERVICE_NAME=${SERVICE} SCHEMA_REGISTRY_MODE=lookup
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=deps /app/packages/platform/node_modules packages/platform/node_modules
COPY --from=deps /app/packages/schemas/node_modules packages/schemas/node_modules
COPY --from=deps /app/services/${SERVICE}/node_modules services/${SERVICE}/node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/packages/platform/package.json packages/platform/
COPY --from=build /app/packages/platform/dist packages/platform/dist
COPY --from=build /app/packages/schemas/package.json packages/schemas/
COPY --from=build /app/packages/schemas/dist packages/schemas/dist
COPY --from=build /app/packages/schemas/scripts packages/schemas/scripts
COPY --from=build /app/packages/schemas/avro packages/schemas/avro
COPY --from=build /app/packages/schemas/topics.json packages/schemas/
# The gateway renders the event contracts page from it (services/gateway/src/asyncapi-page.ts).
COPY --from=build /app/packages/schemas/asyncapi.yaml packages/schemas/
COPY --from=build /app/services/${SERVICE}/package.json services/${SERVICE}/
COPY --from=build /app/services/${SERVICE}/dist services/${SERVICE}/dist
# The gateway's /console (services/gateway/src/console.ts reads apps/console/dist/web); nothing for the others.
COPY --from=console /out/tree/ ./
COPY infra/topics infra/topics
# The compose stack's kafka-init sets up the principals and ACLs (docs/adr/0029-kafka-principals-acls.md).
COPY infra/kafka infra/kafka
RUN test -n "${SERVICE}" && ln -s "services/${SERVICE}/dist/main.js" main.js
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD node -e "fetch('http://127.0.0.1:8080/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "main.js"]
