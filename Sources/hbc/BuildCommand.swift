import ArgumentParser
import Embeddings
import Foundation
import HandbookModel
import Indexer

/// Which embedder `hbc build` uses for the search index.
enum EmbedderChoice: String, ExpressibleByArgument, CaseIterable {
    /// all-MiniLM-L6-v2 (needs the model files: `make model`).
    case minilm
    /// No vectors: a lexical-only search index.
    case none
}

/// The arithmetic `hbc build` embeds documents with (`--embedding-arithmetic`).
enum EmbeddingArithmetic: String, ExpressibleByArgument, CaseIterable {
    /// Eight-bit products where the CPU has AVX-512 VNNI, else float32.
    case auto
    /// Float32 products (OpenBLAS): the same vectors on every CPU up to the last bits of the float32 sums.
    case float32
    /// Eight-bit products, in portable C where the CPU lacks VNNI (slow there).
    case int8

    /// The encoder's weight precision for this choice.
    var precision: WeightPrecision {
        switch self {
        case .auto: .forDocuments
        case .float32: .single
        case .int8: .eightBit
        }
    }
}

/// `hbc build`: compile a handbook into a bundle.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compile a handbook folder (or a single spec) into a bundle file.",
        discussion: """
            Reads DIR/handbook.yaml and everything it names, reports problems as \
            `file:line:col: severity: [rule-id] message`, and writes the bundle only when there are no errors. \
            The bundle is written to a temporary file and renamed into place, so a failed build never leaves a \
            partial file. Building the same inputs twice gives byte-identical bundles and the same content hash.

            The search index embeds every operation and doc section with all-MiniLM-L6-v2 (model files from \
            `make model`, found in $HBC_MODEL_DIR or ~/.cache/hbc/models/all-MiniLM-L6-v2); vectors are cached in \
            $HBC_CACHE_DIR (default ~/.cache/hbc), so a rebuild embeds only what changed. `--embedder none` builds \
            a lexical-only index without the model. On CPUs with AVX-512 VNNI the products are computed in eight-bit \
            integers (about 1.7× faster builds; vectors within a few thousandths of float32), so a bundle's content \
            hash can differ between CPUs; `--embedding-arithmetic float32` gives the float32 vectors everywhere.

            Upstream MCP servers (the manifest's `mcpServers`) are connected during the build and their tools \
            snapshotted into the bundle; `--update-snapshots` also writes each server's tools to \
            DIR/upstreams/NAME.snapshot.json (commit it), and `--offline` builds from those files without \
            connecting (reproducible, for CI). A server that cannot be reached falls back to its committed \
            snapshot with a warning, or is an error without one. See docs/aggregation.md.

            Exit status: 0 built, 1 errors in the handbook (nothing written), 2 usage error.

            Examples:
              hbc build handbooks/acme-analytics -o acme.hb
              hbc build --spec openapi.yaml -o petstore.hb --json
              hbc build team-tools --update-snapshots
              hbc build team-tools --offline --json
            """
    )

    @Argument(help: "The handbook folder (holding handbook.yaml).")
    var directory: String = "."

    @Option(name: .customLong("spec"), help: "Compile this OpenAPI/Swagger file alone instead of a handbook folder.")
    var specPath: String?

    @Option(
        name: [.short, .customLong("output")],
        help: "The bundle file to write (default: <folder-or-spec-name>.hb in the current folder).")
    var output: String?

    @OptionGroup var outputOptions: JSONOutputOptions

    /// `--format json`, the older spelling of `--json`: still read so that scripts keep working, no longer shown.
    @Option(help: ArgumentHelp("Output format: text or json (use --json).", visibility: .hidden))
    var format: OutputFormat = .text

    @Flag(help: "Fail the build when there are warnings.")
    var warningsAsErrors = false

    @Option(help: "Embedder for the search index: minilm or none (lexical only).")
    var embedder: EmbedderChoice = .minilm

    @Option(
        help: """
            How documents are embedded: auto (eight-bit products where the CPU has AVX-512 VNNI, else float32), \
            float32 (the same bundle on CPUs with and without VNNI) or int8 (eight-bit everywhere; slow without VNNI).
            """)
    var embeddingArithmetic: EmbeddingArithmetic = .auto

    @Flag(
        help:
            "Take the tools of upstream MCP servers from the committed upstreams/NAME.snapshot.json files without connecting."
    )
    var offline = false

    @Flag(help: "Connect to the upstream MCP servers and rewrite their upstreams/NAME.snapshot.json files.")
    var updateSnapshots = false

    func validate() throws {
        if offline, updateSnapshots {
            throw ValidationError(
                "--offline and --update-snapshots exclude each other: snapshots are written from the servers")
        }
    }

    func run() async throws {
        let diagnostics = DiagnosticCollector()
        let format = outputOptions.json ? OutputFormat.json : format
        let showProgress = format == .text && Terminal.isInteractive
        let progress: @Sendable (String) -> Void = { stage in
            FileHandle.standardError.write(Data("\u{1B}[2K\r\(stage)…".utf8))
        }
        let embeddingProgress: @Sendable (Int, Int) -> Void = { done, total in
            guard total > 0 else { return }
            FileHandle.standardError.write(Data("\u{1B}[2K\rembedding \(done)/\(total) documents…".utf8))
        }
        var compiler = Compiler(
            diagnostics: diagnostics, embedder: try loadEmbedder(), onStage: showProgress ? progress : nil,
            onEmbeddingProgress: showProgress ? embeddingProgress : nil)
        let input: BuildInput = specPath.map { .spec(path: $0) } ?? .handbook(directory: directory)
        let clock = ContinuousClock()
        let start = clock.now
        let outputPath = output ?? defaultOutputPath(input)
        let source: UpstreamSnapshotSource = offline ? .committed : .live(updateFiles: updateSnapshots)
        let result = await compiler.build(input, upstreams: source, to: outputPath, warningsAsErrors: warningsAsErrors)
        let upstreamTools = compiler.upstreams.reduce(0) { $0 + $1.tools.count }
        let elapsed = clock.now - start
        if showProgress { FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8)) }
        switch format {
        case .text:
            Terminal.report(diagnostics.diagnostics)
            if let (handbook, bundle) = result {
                print(
                    "Built \(handbook.metadata.name) \(handbook.metadata.version) → \(outputPath) (\(bundle.byteCount) bytes)"
                )
                print(
                    "  \(handbook.operations.count) operations · \(handbook.schemas.count) schemas · "
                        + "\(handbook.docSections.count) doc sections · \(handbook.guardrails.policies.count) policies · "
                        + "\(handbook.tests.count) tests")
                if !compiler.upstreams.isEmpty {
                    print("  \(compiler.upstreams.count) upstream MCP server(s) · \(upstreamTools) tools")
                }
                print("  content hash \(bundle.contentHash)")
                print("  \(diagnostics.count(of: .warning)) warning(s) · \(Terminal.seconds(elapsed))")
            } else {
                Terminal.error(
                    "build failed: \(diagnostics.count(of: .error)) error(s), \(diagnostics.count(of: .warning)) warning(s); nothing was written"
                )
            }
        case .json:
            var report: JSONObject = [
                "ok": .bool(result != nil),
                "diagnostics": .array(diagnostics.diagnostics.map { CommandHints.adding(to: $0).json }),
                "seconds": .double(elapsed.seconds),
            ]
            if let (handbook, bundle) = result {
                report["output"] = .string(outputPath)
                report["contentHash"] = .string(bundle.contentHash)
                report["bytes"] = .integer(bundle.byteCount)
                let identity: JSONObject = [
                    "name": .string(handbook.metadata.name), "version": .string(handbook.metadata.version),
                ]
                report["handbook"] = .object(identity)
                let counts: JSONObject = [
                    "operations": .integer(handbook.operations.count),
                    "schemas": .integer(handbook.schemas.count),
                    "docSections": .integer(handbook.docSections.count),
                    "policies": .integer(handbook.guardrails.policies.count),
                    "tests": .integer(handbook.tests.count),
                    "upstreamServers": .integer(compiler.upstreams.count),
                    "upstreamTools": .integer(upstreamTools),
                ]
                report["counts"] = .object(counts)
            }
            Terminal.printJSON(.object(report))
        }
        if result == nil { throw ExitCode(1) }
    }

    private func loadEmbedder() throws -> DocumentEmbedder? {
        guard embedder == .minilm else { return nil }
        do {
            return DocumentEmbedder(encoder: try MiniLMEncoder(precision: embeddingArithmetic.precision))
        } catch {
            Terminal.error("error: \(error)")
            Terminal.error("hint: or build a lexical-only bundle with `--embedder none`")
            throw ExitCode(1)
        }
    }

    private func defaultOutputPath(_ input: BuildInput) -> String {
        switch input {
        case .spec(let path):
            return URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + ".hb"
        case .handbook(let directory):
            let name = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
            return (name.isEmpty || name == "/" ? "handbook" : name) + ".hb"
        }
    }
}

extension Diagnostic {
    /// The diagnostic as JSON for `--json`.
    var json: JSONValue {
        var object: JSONObject = [
            "severity": .string(severity.rawValue),
            "rule": .string(ruleID),
            "message": .string(message),
        ]
        if let location {
            object["file"] = .string(location.file)
            if let line = location.line { object["line"] = .integer(line) }
            if let column = location.column { object["column"] = .integer(column) }
        }
        if let hint { object["hint"] = .string(hint) }
        return .object(object)
    }
}
