import HandbookModel

/// Compares what a handbook adds around its operations: APIs (auth, environments, base URLs), guardrails,
/// regression tests and plan templates.
struct HandbookComparison {
    let old: BundleReader
    let new: BundleReader
    let oldOperations: [OperationSummary]
    let newOperations: [OperationSummary]
    /// The operation differences already found, which decide whether plan templates still hold.
    let operations: [OperationDiff]

    /// Every handbook-level change: APIs, then guardrails, tests and plan templates.
    func changes() throws -> [ContractChange] {
        var changes = Self.compareAPIs(try old.apis(), try new.apis())
        changes += GuardrailComparison(
            old: try old.guardrails(), new: try new.guardrails(),
            operations: newOperations.map(GuardrailComparison.matchable)
        ).changes()
        changes += Self.compareTests(try old.tests(), try new.tests())
        changes += compareTemplates(try old.planTemplates(), try new.planTemplates())
        return changes
    }

    // MARK: APIs

    static func compareAPIs(_ old: [APIDescriptor], _ new: [APIDescriptor]) -> [ContractChange] {
        var changes: [ContractChange] = []
        let newByID = Dictionary(new.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for api in old {
            let location = "api `\(api.id)`"
            guard let counterpart = newByID[api.id] else {
                changes.append(ContractChange(.apiRemoved, location: location, message: "\(location) was removed"))
                continue
            }
            if api.apiVersion != counterpart.apiVersion {
                changes.append(
                    ContractChange(
                        .apiVersionChanged, location: location,
                        message: "\(location) version changed from \(api.apiVersion) to \(counterpart.apiVersion)"))
            }
            if api.auth != counterpart.auth {
                changes.append(
                    ContractChange(
                        .apiAuthChanged, location: "\(location) auth",
                        message: "\(location) authentication changed from \(describe(api.auth)) to "
                            + "\(describe(counterpart.auth)): the runtime needs the new credentials"))
            }
            let environments = Dictionary(
                counterpart.environments.map { ($0.name, $0.baseURL) }, uniquingKeysWith: { first, _ in first })
            for environment in api.environments {
                let place = "\(location) environment `\(environment.name)`"
                guard let baseURL = environments[environment.name] else {
                    changes.append(
                        ContractChange(.apiEnvironmentRemoved, location: place, message: "\(place) was removed"))
                    continue
                }
                if baseURL != environment.baseURL {
                    changes.append(
                        ContractChange(
                            .apiBaseURLChanged, location: place,
                            message: "\(place) base URL changed from \(environment.baseURL) to \(baseURL)"))
                }
            }
            let oldNames = Set(api.environments.map(\.name))
            for environment in counterpart.environments where !oldNames.contains(environment.name) {
                let place = "\(location) environment `\(environment.name)`"
                changes.append(
                    ContractChange(
                        .apiEnvironmentAdded, location: place,
                        message: "\(place) was added (\(environment.baseURL))"))
            }
            if api.specServers != counterpart.specServers {
                changes.append(
                    ContractChange(
                        .apiBaseURLChanged, location: "\(location) servers",
                        message: "\(location) spec servers changed from \(list(api.specServers)) to "
                            + "\(list(counterpart.specServers))"))
            }
        }
        let oldIDs = Set(old.map(\.id))
        for api in new where !oldIDs.contains(api.id) {
            changes.append(ContractChange(.apiAdded, location: "api `\(api.id)`", message: "api `\(api.id)` was added"))
        }
        return changes
    }

    private static func describe(_ auth: AuthScheme) -> String {
        let variables = auth.environmentVariables
        return variables.isEmpty ? auth.typeName : "\(auth.typeName) (\(variables.joined(separator: ", ")))"
    }

    private static func list(_ values: [String]) -> String { values.isEmpty ? "none" : values.joined(separator: ", ") }

    // MARK: Tests

    static func compareTests(_ old: [RegressionTest], _ new: [RegressionTest]) -> [ContractChange] {
        func content(_ test: RegressionTest) -> RegressionTest {
            var content = test
            content.source = nil
            return content
        }
        var changes: [ContractChange] = []
        let newByID = Dictionary(new.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for test in old {
            let location = "test `\(test.id)`"
            guard let counterpart = newByID[test.id] else {
                changes.append(ContractChange(.testRemoved, location: location, message: "\(location) was removed"))
                continue
            }
            if content(test) != content(counterpart) {
                changes.append(ContractChange(.testChanged, location: location, message: "\(location) changed"))
            }
        }
        let oldIDs = Set(old.map(\.id))
        for test in new where !oldIDs.contains(test.id) {
            changes.append(
                ContractChange(.testAdded, location: "test `\(test.id)`", message: "test `\(test.id)` was added"))
        }
        return changes
    }

    // MARK: Plan templates

    /// A template is invalidated when an operation it calls was removed, renamed or changed incompatibly, whether or
    /// not the new bundle still has a template with its id.
    func compareTemplates(_ old: [PlanTemplate], _ new: [PlanTemplate]) -> [ContractChange] {
        var brokenOperations: [String: String] = [:]
        for operation in operations where operation.isBreaking {
            brokenOperations[operation.operationID] =
                operation.kind == .removed
                ? "`\(operation.operationID)` was removed" : "`\(operation.operationID)` changed incompatibly"
        }
        for operation in operations {
            guard let previous = operation.previousOperationID else { continue }
            brokenOperations[previous] = "`\(previous)` was renamed to `\(operation.operationID)`"
        }
        var changes: [ContractChange] = []
        let newByID = Dictionary(new.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for template in old {
            let location = "plan template `\(template.id)`"
            let broken = template.operations.filter { brokenOperations[$0] != nil }
            if !broken.isEmpty {
                let reasons = Set(broken).sorted().compactMap { brokenOperations[$0] }
                changes.append(
                    ContractChange(
                        .planTemplateInvalidated, location: location,
                        message: "\(location) no longer holds: \(reasons.joined(separator: ", "))"))
            } else if let counterpart = newByID[template.id] {
                if counterpart != template {
                    changes.append(
                        ContractChange(.planTemplateChanged, location: location, message: "\(location) changed"))
                }
            } else {
                changes.append(
                    ContractChange(.planTemplateRemoved, location: location, message: "\(location) was removed"))
            }
        }
        let oldIDs = Set(old.map(\.id))
        for template in new where !oldIDs.contains(template.id) {
            let location = "plan template `\(template.id)`"
            changes.append(ContractChange(.planTemplateAdded, location: location, message: "\(location) was added"))
        }
        return changes
    }
}
