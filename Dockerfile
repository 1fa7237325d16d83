# One image for both roles: APP_ROLE=api | worker | all.
# Node 24 is the supported LTS for production (Node 20, which development machines still run, is
# past its end of life); the code and dependencies run on both (package.json engines).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY bench ./bench
# The web console (dist/console, served at /) is built from web/ against the generated API types.
COPY web ./web
COPY test/contract/generated ./test/contract/generated
COPY scripts/console-build.js ./scripts/
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
# Listen on every interface inside the container (the service's default is loopback only).
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
RUN mkdir -p /app/.data && chown node:node /app/.data
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s CMD ["node", "dist/src/health/probe.js"]
CMD ["node", "--enable-source-maps", "dist/src/main.js"]
