// swift-tools-version:6.0
import PackageDescription

/// hbc: a handbook compiler and lean MCP runtime.
///
/// Layering (lower targets never import higher ones):
/// - `HandbookModel`: the types every stage shares, the bundle format, hashing, diagnostics.
/// - `Embeddings`: all-MiniLM-L6-v2 sentence embeddings in Swift (tokenizer + encoder on OpenBLAS).
/// - `Retrieval`: search shared by the compiler and the runtime (text normalization, rank fusion, hybrid search).
/// - `Indexer`: the compiler pipeline (load → parse → translate → validate → index → write bundle).
/// - `hbc`: the thin command-line front end.
let package = Package(
    name: "hbc",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hbc", targets: ["hbc"]),
        .library(name: "HandbookModel", targets: ["HandbookModel"]),
        .library(name: "Indexer", targets: ["Indexer"]),
        .library(name: "Retrieval", targets: ["Retrieval"]),
        .library(name: "Embeddings", targets: ["Embeddings"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .target(
            name: "HandbookModel",
            dependencies: [
                "CSQLite",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "Embeddings", dependencies: ["COpenBLAS"]),
        .target(name: "Retrieval", dependencies: ["HandbookModel", "Embeddings"]),
        .target(
            name: "Indexer",
            dependencies: ["HandbookModel", "Retrieval", "Embeddings", "CLibYAML"]
        ),
        .executableTarget(
            name: "hbc",
            dependencies: [
                "HandbookModel",
                "Indexer",
                "Retrieval",
                "Embeddings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "HandbookModelTests", dependencies: ["HandbookModel"]),
        .testTarget(name: "EmbeddingsTests", dependencies: ["Embeddings"]),
        .testTarget(name: "RetrievalTests", dependencies: ["Retrieval", "HandbookModel"]),
        .testTarget(name: "IndexerTests", dependencies: ["Indexer", "HandbookModel", "Retrieval", "Embeddings"]),
    ]
)
