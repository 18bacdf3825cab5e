# syntax=docker/dockerfile:1
# hbc: handbook compiler and MCP runtime. Multi-stage: Swift toolchain to build, slim Debian to run.
#   docker build -t hbc .
#   docker run --rm hbc --help
# Modes (docker/entrypoint.sh): validate HANDBOOK_DIR | test HANDBOOK_DIR|BUNDLE | serve BUNDLE|--store DIR --env ENV.
# See docs/production.md.

ARG SWIFT_VERSION=6.3
ARG DEBIAN_RELEASE=bookworm

# ---- build: a static Swift standard library and Foundation, so the runtime image needs no Swift toolchain ----
FROM swift:${SWIFT_VERSION}-${DEBIAN_RELEASE} AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libyaml-dev libsqlite3-dev libopenblas-dev libjq-dev libxml2-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first: this layer is reused while only sources change.
COPY Package.swift Package.resolved ./
RUN swift package resolve
COPY Sources ./Sources
# SwiftPM checks that every target in Package.swift has its folder, test targets included.
COPY Tests ./Tests
# The release link lays out `hbc serve`'s code in this order (Package.swift, releaseLinkFlags).
COPY bench/hbc-serve.order ./bench/hbc-serve.order
RUN swift build -c release --product hbc --static-swift-stdlib -Xlinker -s \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/hbc" /staging/usr/local/bin/hbc
COPY docker/entrypoint.sh /staging/usr/local/bin/hbc-entrypoint
RUN chmod 0755 /staging/usr/local/bin/hbc-entrypoint

# ---- runtime: only the shared libraries hbc links (SQLite, libyaml, OpenBLAS, jq, libcurl for Foundation's
# networking), CA certificates for HTTPS upstreams, tini as PID 1 (forwards SIGTERM, reaps children) ----
FROM debian:${DEBIAN_RELEASE}-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libsqlite3-0 libyaml-0-2 libopenblas0-pthread libjq1 libcurl4 libstdc++6 ca-certificates tini \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 hbc \
    && useradd --system --uid 10001 --gid hbc --home-dir /home/hbc --create-home --shell /usr/sbin/nologin hbc \
    && install -d -o hbc -g hbc -m 0750 /var/lib/hbc
COPY --from=build /staging/ /
USER 10001:10001
WORKDIR /home/hbc
# State (learned plans, transcripts) goes to /var/lib/hbc when serve is given --state /var/lib/hbc/… (mount a volume).
ENV PORT=8080 \
    HBC_HOST=0.0.0.0 \
    HBC_WORK_DIR=/tmp
EXPOSE 8080
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/hbc-entrypoint"]
CMD ["--help"]
