# One image for every service; SERVICE picks which one runs (apps/<SERVICE>/dist/main.js).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npx tsc -b tsconfig.json && npm prune --omit=dev

FROM node:24-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates buildah git && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app /app
# state a service keeps on disk (identity: its signing keys and users), owned by the user it runs as
RUN mkdir -p /var/lib/appmanager && chown node /var/lib/appmanager
ARG SERVICE
ENV SERVICE=${SERVICE} NODE_ENV=production
USER node
CMD ["sh", "-c", "exec node apps/${SERVICE}/dist/main.js"]
