# syntax=docker/dockerfile:1
#
# tenure's container image: a small Debian image holding only the release binary and
# the dataset, run as a non-root user.
#
#   docker build -t tenure .
#   docker run --rm -p 8080:8080 tenure                      # the baked-in data/
#   docker run --rm -p 8080:8080 -v "$PWD/data:/data:ro" tenure   # your own dataset
#
# Stages: `web` builds the browser assets (GraphiQL, the timeline) from the npm registry
# with the committed lock files; `build` compiles tenure with them embedded (build.rs
# skips its own npm step because both dist/ folders are present); the final stage is
# debian:bookworm-slim with the binary, data/ and curl for the HEALTHCHECK.

# --- Browser assets --------------------------------------------------------------------
FROM node:20-bookworm-slim AS web
# Lock files first, so the npm layers are reused while only sources change.
WORKDIR /src/web/playground
COPY web/playground/package.json web/playground/package-lock.json ./
RUN npm ci --no-audit --no-fund
WORKDIR /src/examples/timeline
COPY examples/timeline/package.json examples/timeline/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY examples/timeline ./
RUN npm run build
WORKDIR /src/web/playground
COPY web/playground ./
RUN npm run build

# --- The binary ------------------------------------------------------------------------
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
COPY --from=web /src/web/playground/dist web/playground/dist
COPY --from=web /src/examples/timeline/dist examples/timeline/dist
# The cache mounts keep the registry and target/ between builds; the binary is copied
# out of the cached target/ so the next stage can take it.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin tenure \
    && cp target/release/tenure /usr/local/bin/tenure \
    && /usr/local/bin/tenure check --data data

# --- The image -------------------------------------------------------------------------
FROM debian:bookworm-slim
# Debian's stable archive only takes fixes, so the packages are not pinned to versions.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 tenure \
    && useradd --system --uid 10001 --gid tenure --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin tenure
COPY --from=build /usr/local/bin/tenure /usr/local/bin/tenure
# The dataset is baked in; mount another over /data (read-only is enough) to replace it.
COPY --chown=root:root data /data
USER 10001:10001
ENV TENURE_LISTEN=0.0.0.0:8080 \
    TENURE_DATA=/data \
    TENURE_LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD ["curl", "-fsS", "--max-time", "2", "-o", "/dev/null", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/usr/local/bin/tenure"]
CMD ["serve"]
