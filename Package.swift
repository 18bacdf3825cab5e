// swift-tools-version:6.1
import PackageDescription

/// How the release `hbc` is linked on Linux (#17, serving memory; docs/serving.md#memory): lld with packed relative
/// relocations (the loader no longer reads and writes megabytes of them at start), the Swift runtime and Foundation
/// linked in with no symbols exported, and the code and data `hbc serve` uses laid out together, in the order
/// `bench/link_order.py` recorded, function by function as `make release` compiles with function sections (the
/// kernel maps code at least 64 KB around each page fault: spread out, most of the binary became resident). libcurl,
/// which the static Foundation's networking calls, is not linked: `CLibcurlOnDemand` loads it when first called
/// (never while serving). Idle `hbc serve` of the GHES lexical bundle: 63 → 41 → 37.5 → 33.9 MB.
let releaseLinkFlags: [String] =
    ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-static-stdlib"]
    // What the static Foundation needs besides the libraries its modules name.
    + [
        "--start-group", "-l_CFURLSessionInterface", "-lFoundationNetworking", "-lFoundation",
        "-lFoundationInternationalization", "-lFoundationEssentials", "-lCoreFoundation", "-l_FoundationICU",
        "-l_FoundationCShims", "-l_FoundationCollections", "-lswiftSynchronization", "-lswift_RegexParser",
        "-lswift_StringProcessing", "-lswiftDispatch", "-ldispatch", "-lBlocksRuntime", "-lswiftCore",
        "-lswift_Concurrency", "-lswiftGlibc", "-lstdc++", "--end-group", "--no-export-dynamic",
        "--symbol-ordering-file=\(Context.packageDirectory)/bench/hbc-serve.order", "--no-warn-symbol-ordering",
    ].flatMap { ["-Xlinker", $0] }

/// hbc: a handbook compiler and lean MCP runtime.
///
/// Layering (lower targets never import higher ones):
/// - `HandbookModel`: the types every stage shares, the bundle format, hashing, diagnostics.
/// - `Embeddings`: all-MiniLM-L6-v2 sentence embeddings in Swift (tokenizer + encoder on OpenBLAS).
/// - `Retrieval`: search shared by the compiler and the runtime (text normalization, rank fusion, hybrid search).
/// - `Compatibility`: contract comparison between two versions of an operation or a bundle (what `hbc diff` reports,
///   what promotion and learned-plan re-validation decide on).
/// - `Releases`: state kept beside bundles: the release store (environments, history, promotion log, recorded test
///   results) and the learned-plan cache.
/// - `Shaping`: response shaping with jq programs (libjq in a bounded child process), shared by the compiler (build-time
///   checks) and the runtime (shaped results).
/// - `Indexer`: the compiler pipeline (load → parse → translate → validate → index → write bundle).
/// - `RuntimeLite`: the MCP runtime (open bundle → retrieve → guard → run → evaluate → serve over stdio or HTTP).
///   `Indexer` and `RuntimeLite` never import each other.
/// - `MockServer`: answers a bundle's operations from their specs alone (`hbc mock`, `hbc test --mock`): routing,
///   request validation, schema-generated data, served with Hummingbird. Beside `RuntimeLite`, not inside it.
/// - `hbc`: the thin command-line front end.
/// - `ACMEAnalyticsServer`: `acme-analytics-server`, the ACME Analytics API the example handbook describes, over
///   seeded SQLite data (a test and conformance target for the runtime; depends only on `HandbookModel`).
let package = Package(
    name: "hbc",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hbc", targets: ["hbc"]),
        .executable(name: "acme-analytics-server", targets: ["ACMEAnalyticsServer"]),
        .library(name: "HandbookModel", targets: ["HandbookModel"]),
        .library(name: "Indexer", targets: ["Indexer"]),
        .library(name: "Retrieval", targets: ["Retrieval"]),
        .library(name: "Embeddings", targets: ["Embeddings"]),
        .library(name: "RuntimeLite", targets: ["RuntimeLite"]),
        .library(name: "MockServer", targets: ["MockServer"]),
        .library(name: "Compatibility", targets: ["Compatibility"]),
        .library(name: "Releases", targets: ["Releases"]),
        .library(name: "Shaping", targets: ["Shaping"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Imported directly by our sources (also dependencies of Hummingbird and AsyncHTTPClient).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.3.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // JWT access tokens and JWKS for inbound auth on Streamable HTTP (RuntimeLite/Access).
        .package(url: "https://github.com/vapor/jwt-kit", exact: "5.7.1"),
        // Telemetry (RuntimeLite/Telemetry, TelemetryExport): the tracing and metrics APIs (already in the graph through
        // Hummingbird), OTLP export with the OTLP/HTTP trait only (no gRPC), Prometheus text for `/metrics`.
        .package(url: "https://github.com/apple/swift-distributed-tracing", exact: "1.7.3"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-otel/swift-otel", exact: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        // PostgreSQL state backend (`--state postgres://…`, PostgresState): state shared by replicas.
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        // Debian's libjq-dev (jq 1.6) ships no pkg-config file: the module map links `jq` itself.
        .systemLibrary(name: "CJQ", providers: [.apt(["libjq-dev"])]),
        .target(
            name: "HandbookModel",
            dependencies: [
                "CSQLite",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Dense layers with half-precision weights (the query encoder of `hbc serve`): AVX2/F16C kernels chosen at run
        // time, portable C otherwise.
        // Optimized in debug builds too: `make test` and `hbc plan` from a debug build embed queries through it.
        .target(name: "CHalfPrecisionKernels", cSettings: [.unsafeFlags(["-O2"])]),
        // Dense layers with eight-bit weights and inputs (the document encoder of `hbc build` on CPUs with AVX-512
        // VNNI): exact integer sums, portable C otherwise. Optimized in debug builds too, like the kernels above.
        .target(name: "CEightBitKernels", cSettings: [.unsafeFlags(["-O2"])]),
        // A shared library loaded the first time one of its functions is called.
        .target(name: "CLibraryOnDemand"),
        // libcurl loaded when Foundation's networking first calls it, for the release link (releaseLinkFlags).
        .target(
            name: "CLibcurlOnDemand", dependencies: ["CLibraryOnDemand"],
            cSettings: [.define("HBC_LIBCURL_ON_DEMAND", .when(platforms: [.linux], configuration: .release))]),
        // OpenBLAS loaded when the embedding model first multiplies matrices (Debian: libopenblas-dev declares it).
        .target(name: "COpenBLASOnDemand", dependencies: ["CLibraryOnDemand"]),
        .target(
            name: "Embeddings", dependencies: ["COpenBLASOnDemand", "CHalfPrecisionKernels", "CEightBitKernels"]),
        .target(name: "Retrieval", dependencies: ["HandbookModel", "Embeddings"]),
        .target(name: "Compatibility", dependencies: ["HandbookModel"]),
        .target(
            name: "LanguageModels",
            dependencies: [
                "HandbookModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(name: "Shaping", dependencies: ["HandbookModel", "CJQ"]),
        .target(
            name: "Releases",
            dependencies: [
                "HandbookModel", "Compatibility", "Retrieval", "Embeddings", "PostgresState",
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "RuntimeLite",
            dependencies: [
                "HandbookModel",
                "Retrieval",
                "Embeddings",
                "Releases",
                "Shaping",
                "Upstreams",
                "LanguageModels",
                "PostgresState",
                .product(name: "MCP", package: "swift-sdk"),
                // AES-GCM sealing of per-user upstream tokens, PKCE and signed connect links (RuntimeLite/Connections).
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // Exports what RuntimeLite's instrumentation records (OTLP/HTTP through swift-otel, Prometheus text); its own
        // target so RuntimeLite builds without the OTel SDK. Bootstrapped by `hbc serve`.
        .target(
            name: "TelemetryExport",
            dependencies: [
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The PostgreSQL connection of the state database (`--state postgres://…`) shared by replicas: the address,
        // the pool, schema creation and transactions. Releases and RuntimeLite keep their stores on it as on SQLite.
        .target(
            name: "PostgresState",
            dependencies: [
                "HandbookModel",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "MockServer",
            dependencies: [
                "HandbookModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Indexer",
            dependencies: [
                "HandbookModel", "Retrieval", "Embeddings", "CLibYAML", "Shaping", "Upstreams",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Upstream MCP servers: the client (stdio subprocesses, Streamable HTTP), connection management and snapshots;
        // used by Indexer (snapshots at build) and RuntimeLite (calls at serve).
        .target(
            name: "Upstreams",
            dependencies: [
                "HandbookModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "hbc",
            dependencies: [
                "HandbookModel",
                "Indexer",
                "Retrieval",
                "Embeddings",
                "RuntimeLite",
                "MockServer",
                "LanguageModels",
                "Compatibility",
                "Releases",
                "TelemetryExport",
                "CLibcurlOnDemand",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            linkerSettings: [.unsafeFlags(releaseLinkFlags, .when(platforms: [.linux], configuration: .release))]
        ),
        .executableTarget(
            name: "ACMEAnalyticsServer",
            dependencies: [
                "HandbookModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "HandbookModelTests", dependencies: ["HandbookModel"]),
        .testTarget(name: "LanguageModelsTests", dependencies: ["LanguageModels", "HandbookModel"]),
        .testTarget(
            name: "UpstreamsTests",
            dependencies: ["Upstreams", "HandbookModel", "Indexer", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "EmbeddingsTests", dependencies: ["Embeddings"]),
        .testTarget(name: "ShapingTests", dependencies: ["Shaping", "HandbookModel"]),
        .testTarget(name: "RetrievalTests", dependencies: ["Retrieval", "HandbookModel"]),
        .testTarget(name: "CompatibilityTests", dependencies: ["Compatibility", "HandbookModel", "Indexer"]),
        .testTarget(
            name: "ReleasesTests", dependencies: ["Releases", "HandbookModel", "Indexer", "Retrieval"]),
        .testTarget(
            name: "RuntimeLiteTests",
            dependencies: [
                "RuntimeLite",
                "MockServer",
                "LanguageModels",
                "HandbookModel",
                "Indexer",
                "Releases",
                "Retrieval",
                "PostgresState",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "TelemetryTests",
            dependencies: [
                "TelemetryExport",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(name: "IndexerTests", dependencies: ["Indexer", "HandbookModel", "Retrieval", "Embeddings"]),
        .testTarget(
            name: "ACMEAnalyticsServerTests",
            dependencies: [
                "ACMEAnalyticsServer",
                "HandbookModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ]
)

