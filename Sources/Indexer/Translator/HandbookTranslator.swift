import HandbookModel

/// The translate stage: specs into operations and schemas, docs into sections, guardrails and tests into their
/// normalized forms.
struct HandbookTranslator {
    let diagnostics: DiagnosticCollector

    /// Translates a parsed handbook.
    func translate(_ parsed: ParsedHandbook) -> TranslatedHandbook {
        var apis: [APIDescriptor] = []
        var operations: [APIOperation] = []
        var schemas: [SchemaComponent] = []
        for spec in parsed.specs {
            guard let api = SpecTranslator(spec: spec, diagnostics: diagnostics).translate() else { continue }
            apis.append(api.descriptor)
            operations += api.operations
            schemas += api.components
        }
        let documentation = DocumentationTranslator(operations: operations, diagnostics: diagnostics)
        var sections: [DocSection] = []
        var operationReferences: [NamedReference] = []
        for page in parsed.docPages {
            let (pageSections, references) = documentation.translate(page)
            sections += pageSections
            operationReferences += references
        }
        let (guardrails, policyOperationReferences) = GuardrailTranslator(diagnostics: diagnostics)
            .translate(parsed.guardrailFiles)
        let tests = TestSuiteTranslator(diagnostics: diagnostics).translate(parsed.testFiles)
        let workflows = ArazzoTranslator(operations: operations, diagnostics: diagnostics).translate(parsed.workflowFiles)
        let environments = Set(apis.flatMap { $0.environments.map(\.name) }).sorted()
        let handbook = CompiledHandbook(
            metadata: HandbookMetadata(
                name: parsed.manifest.name, version: parsed.manifest.version,
                description: parsed.manifest.description, environments: environments,
                promotion: parsed.manifest.promotion ?? HandbookMetadata.defaultPromotion),
            apis: apis,
            operations: operations,
            schemas: schemas,
            docSections: sections,
            guardrails: guardrails,
            tests: tests.tests,
            sources: sourceRecords(parsed),
            planTemplates: workflows.templates)
        return TranslatedHandbook(
            handbook: handbook,
            operationReferences: operationReferences + policyOperationReferences + tests.operations + workflows.references,
            policyReferences: tests.policies,
            planSources: tests.planSources.merging(workflows.sources) { first, _ in first },
            root: parsed.root)
    }

    private func sourceRecords(_ parsed: ParsedHandbook) -> [SourceFileRecord] {
        var records: [SourceFileRecord] = []
        if let manifest = parsed.manifestFile {
            records.append(SourceFileRecord(path: manifest.relativePath, kind: .manifest, sha256: manifest.sha256))
        }
        for spec in parsed.specs {
            for document in spec.documents.documents.values {
                records.append(SourceFileRecord(path: document.file.relativePath, kind: .spec, sha256: document.file.sha256))
            }
        }
        records += parsed.docPages.map { SourceFileRecord(path: $0.file.relativePath, kind: .doc, sha256: $0.file.sha256) }
        records += parsed.guardrailFiles.map {
            SourceFileRecord(path: $0.file.relativePath, kind: .guardrails, sha256: $0.file.sha256)
        }
        records += parsed.testFiles.map { SourceFileRecord(path: $0.file.relativePath, kind: .tests, sha256: $0.file.sha256) }
        records += parsed.workflowFiles.map {
            SourceFileRecord(path: $0.file.relativePath, kind: .workflows, sha256: $0.file.sha256)
        }
        var seen = Set<String>()
        return records.filter { seen.insert($0.path).inserted }
    }
}
