import Foundation
import HandbookModel

/// What to compile.
public enum BuildInput: Sendable {
    /// A handbook folder with a `handbook.yaml`.
    case handbook(directory: String)
    /// A single OpenAPI/Swagger file, compiled as a one-API handbook named after the file.
    case spec(path: String)
}

/// The handbook compiler: load → upstreams → parse → translate → validate → shapes → plan → index, then write the bundle.
///
/// Each stage hands the next a typed representation (``LoadedHandbook``, ``ParsedHandbook``, ``TranslatedHandbook``,
/// ``CompiledHandbook``) and reports problems to one ``DiagnosticCollector``. The compiler stops after loading or
/// parsing reported an error, so translation never sees unreadable files; validation also runs after translation
/// errors, so one build reports every broken reference at once. The plan stage type-checks every template's bindings
/// (``PlanBindingChecker``); its errors stop the build before indexing.
public struct Compiler: Sendable {
    /// Where every stage reports problems.
    public let diagnostics: DiagnosticCollector
    /// Embeds search documents; `nil` builds a lexical-only index.
    public var embedder: DocumentEmbedder?
    /// Called with the name of each stage as it starts (for progress output).
    public var onStage: (@Sendable (String) -> Void)?
    /// Called while embedding with (documents done, documents to embed).
    public var onEmbeddingProgress: (@Sendable (Int, Int) -> Void)?

    /// A compiler reporting to `diagnostics`, embedding with `embedder` when given.
    public init(
        diagnostics: DiagnosticCollector,
        embedder: DocumentEmbedder? = nil,
        onStage: (@Sendable (String) -> Void)? = nil,
        onEmbeddingProgress: (@Sendable (Int, Int) -> Void)? = nil
    ) {
        self.diagnostics = diagnostics
        self.embedder = embedder
        self.onStage = onStage
        self.onEmbeddingProgress = onEmbeddingProgress
    }

    /// How long each stage took, in order.
    public private(set) var stageDurations: [(stage: String, duration: Duration)] = []

    /// The upstream MCP servers of the last compiled handbook with their tools, written into the bundle beside it.
    public private(set) var upstreams: [UpstreamServerSnapshot] = []

    /// The feedback entries of the last compiled handbook (``FeedbackStage``), written into the bundle beside it.
    public private(set) var feedback: [FeedbackRow] = []

    /// Compiles `input`, taking the tools of upstream MCP servers from their committed snapshot files; `nil` when
    /// any stage reported an error.
    public mutating func compile(_ input: BuildInput) -> CompiledHandbook? {
        stageDurations = []
        upstreams = []
        feedback = []
        guard let loaded = load(input) else { return nil }
        let stage = UpstreamStage(diagnostics: diagnostics, handbookDirectory: loaded.root.absolutePath)
        upstreams = self.stage("upstreams") { stage.committed(loaded.manifest.upstreams) }
        return compile(loaded, input: input)
    }

    /// Compiles `input`, taking the tools of upstream MCP servers from `source` (servers are reached with the
    /// `${VAR}` values of `environment`); `nil` when any stage reported an error.
    public mutating func compile(
        _ input: BuildInput, upstreams source: UpstreamSnapshotSource,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async -> CompiledHandbook? {
        stageDurations = []
        upstreams = []
        feedback = []
        guard let loaded = load(input) else { return nil }
        let stage = UpstreamStage(diagnostics: diagnostics, handbookDirectory: loaded.root.absolutePath)
        let declarations = loaded.manifest.upstreams
        onStage?("upstreams")
        let clock = ContinuousClock()
        let start = clock.now
        switch source {
        case .committed: upstreams = stage.committed(declarations)
        case .live(let updateFiles):
            upstreams = await stage.live(declarations, updateFiles: updateFiles, environment: environment)
        }
        stageDurations.append(("upstreams", clock.now - start))
        return compile(loaded, input: input)
    }

    private mutating func load(_ input: BuildInput) -> LoadedHandbook? {
        let diagnostics = diagnostics
        guard let loaded = stage("load", {
            switch input {
            case .handbook(let directory): HandbookLoader(diagnostics: diagnostics).load(directory: directory)
            case .spec(let path): HandbookLoader(diagnostics: diagnostics).load(specPath: path)
            }
        }), !diagnostics.hasErrors else { return nil }
        return loaded
    }

    /// The stages after loading, with ``upstreams`` known.
    private mutating func compile(_ loaded: LoadedHandbook, input: BuildInput) -> CompiledHandbook? {
        let diagnostics = diagnostics
        guard !diagnostics.hasErrors else { return nil }
        let parsed = stage("parse") { SourceParser(diagnostics: diagnostics).parse(loaded) }
        guard !diagnostics.hasErrors else { return nil }
        var translated = stage("translate") { HandbookTranslator(diagnostics: diagnostics).translate(parsed) }
        // Guardrails, tests and docs may name upstream tools (`server.tool`) like operations.
        let toolIDs = Set(upstreams.flatMap(\.tools).map(\.id))
        translated.operationReferences.removeAll { toolIDs.contains($0.name) }
        var validated = stage("validate") { HandbookValidator(diagnostics: diagnostics).validate(translated) }
        guard !diagnostics.hasErrors else { return nil }
        if case .handbook = input {
            validated.shapes = stage("shapes") {
                Self.shapes(of: validated, root: loaded.root, diagnostics: diagnostics)
            }
            guard !diagnostics.hasErrors else { return nil }
        }
        let planned = stage("plan") { () -> CompiledHandbook in
            var handbook = validated
            let templates = handbook.planTemplates + PlanTemplateBuilder(handbook: validated).build()
            handbook.planTemplates = PlanBindingChecker(handbook: validated, sources: translated.planSources,
                                                        diagnostics: diagnostics).check(templates)
            return handbook
        }
        guard !diagnostics.hasErrors else { return nil }
        let embedder = embedder
        feedback = if case .handbook = input {
            stage("feedback") {
                FeedbackStage(diagnostics: diagnostics, embedder: embedder)
                    .compile(root: loaded.root, known: Set(planned.operations.map(\.id)).union(toolIDs))
            }
        } else { [] }
        guard !diagnostics.hasErrors else { return nil }
        var indexer = SearchIndexer(embedder: embedder, diagnostics: diagnostics, progress: onEmbeddingProgress)
        indexer.additionalUnits = UpstreamToolDocuments.units(upstreams)
        let indexed = stage("index") { indexer.index(planned) }
        return diagnostics.hasErrors ? nil : indexed
    }

    /// Compiles `input` and writes the bundle to `outputPath` when there are no errors (and, with
    /// `warningsAsErrors`, no warnings). Nothing is written otherwise. Upstream tools come from the committed
    /// snapshot files.
    public mutating func build(
        _ input: BuildInput, to outputPath: String, warningsAsErrors: Bool = false
    ) -> (handbook: CompiledHandbook, bundle: BundleWriter.Result)? {
        guard let handbook = compile(input) else { return nil }
        return write(handbook, to: outputPath, warningsAsErrors: warningsAsErrors)
    }

    /// Compiles `input` with upstream tools from `source` and writes the bundle to `outputPath` when there are no
    /// errors (and, with `warningsAsErrors`, no warnings). Nothing is written otherwise.
    public mutating func build(
        _ input: BuildInput, upstreams source: UpstreamSnapshotSource, to outputPath: String,
        warningsAsErrors: Bool = false
    ) async -> (handbook: CompiledHandbook, bundle: BundleWriter.Result)? {
        guard let handbook = await compile(input, upstreams: source) else { return nil }
        return write(handbook, to: outputPath, warningsAsErrors: warningsAsErrors)
    }

    private mutating func write(
        _ handbook: CompiledHandbook, to outputPath: String, warningsAsErrors: Bool
    ) -> (handbook: CompiledHandbook, bundle: BundleWriter.Result)? {
        if warningsAsErrors, diagnostics.count(of: .warning) > 0 {
            diagnostics.error("build.warnings-as-errors", "\(diagnostics.count(of: .warning)) warning(s) treated as errors")
            return nil
        }
        let upstreams = upstreams
        let feedback = feedback
        do {
            let result = try stage("write") { () throws(BundleError) in
                try BundleWriter(compilerVersion: HBCVersion.current).write(
                    handbook, upstreams: upstreams, feedback: feedback, to: outputPath)
            }
            return (handbook, result)
        } catch {
            diagnostics.error("bundle.write-failed", error.description)
            return nil
        }
    }

    /// The checked response shapes of the `shapes/*.yaml` files (see ``ShapeFileReader``).
    private static func shapes(
        of handbook: CompiledHandbook, root: HandbookRoot, diagnostics: DiagnosticCollector
    ) -> [ResponseShape] {
        let loader = HandbookLoader(diagnostics: diagnostics)
        let files = loader.readGlobs(ShapeFileReader.globs, in: root).compactMap { file in
            loader.parseSource(file).map { (file: file, root: $0) }
        }
        let sources = ShapeFileReader(diagnostics: diagnostics).read(files)
        return ShapeChecker(handbook: handbook, diagnostics: diagnostics).check(sources)
    }

    private mutating func stage<Output, Failure: Error>(
        _ name: String, _ body: () throws(Failure) -> Output
    ) throws(Failure) -> Output {
        onStage?(name)
        let clock = ContinuousClock()
        let start = clock.now
        defer { stageDurations.append((name, clock.now - start)) }
        return try body()
    }
}
