FROM node:20-alpine AS deps
USER node
RUN npm ci

# ok: docker-runs-as-root
FROM node:20-alpine
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# ruleid: docker-runs-as-root
USER 0:0
CMD ["node", "server.js"]
