import HandbookModel

/// What to compile.
public enum BuildInput: Sendable {
    /// A handbook folder with a `handbook.yaml`.
    case handbook(directory: String)
    /// A single OpenAPI/Swagger file, compiled as a one-API handbook named after the file.
    case spec(path: String)
}

/// The handbook compiler: load → parse → translate → validate → shapes → plan → index, then write the bundle.
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

    /// Compiles `input`; `nil` when any stage reported an error.
    public mutating func compile(_ input: BuildInput) -> CompiledHandbook? {
        stageDurations = []
        let diagnostics = diagnostics
        guard let loaded = stage("load", {
            switch input {
            case .handbook(let directory): HandbookLoader(diagnostics: diagnostics).load(directory: directory)
            case .spec(let path): HandbookLoader(diagnostics: diagnostics).load(specPath: path)
            }
        }), !diagnostics.hasErrors else { return nil }
        let parsed = stage("parse") { SourceParser(diagnostics: diagnostics).parse(loaded) }
        guard !diagnostics.hasErrors else { return nil }
        let translated = stage("translate") { HandbookTranslator(diagnostics: diagnostics).translate(parsed) }
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
        let indexer = SearchIndexer(embedder: embedder, diagnostics: diagnostics, progress: onEmbeddingProgress)
        let indexed = stage("index") { indexer.index(planned) }
        return diagnostics.hasErrors ? nil : indexed
    }

    /// Compiles `input` and writes the bundle to `outputPath` when there are no errors (and, with
    /// `warningsAsErrors`, no warnings). Nothing is written otherwise.
    public mutating func build(
        _ input: BuildInput, to outputPath: String, warningsAsErrors: Bool = false
    ) -> (handbook: CompiledHandbook, bundle: BundleWriter.Result)? {
        guard let handbook = compile(input) else { return nil }
        if warningsAsErrors, diagnostics.count(of: .warning) > 0 {
            diagnostics.error("build.warnings-as-errors", "\(diagnostics.count(of: .warning)) warning(s) treated as errors")
            return nil
        }
        do {
            let result = try stage("write") { () throws(BundleError) in
                try BundleWriter(compilerVersion: HBCVersion.current).write(handbook, to: outputPath)
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
