import HandbookModel

extension OperationComparison {
    /// One way to authenticate: scheme names with the scopes each needs.
    typealias SecurityRequirement = [String: [String]]

    /// Security requirements: a change breaks callers when some way to authenticate that worked before no longer
    /// satisfies any of the new alternatives (a new scheme, or more scopes).
    func compareSecurity() {
        guard Self.normalized(old.security) != Self.normalized(new.security) else { return }
        let oldAlternatives = old.security.isEmpty ? [SecurityRequirement()] : old.security
        let newAlternatives = new.security.isEmpty ? [SecurityRequirement()] : new.security
        let stranded = oldAlternatives.filter { credentials in
            !newAlternatives.contains { Self.isSatisfied($0, by: credentials) }
        }
        let change = "security changed from \(Self.describe(old.security)) to \(Self.describe(new.security))"
        guard !stranded.isEmpty else {
            record(.securityRelaxed, location: "security", message: change)
            return
        }
        if old.security.isEmpty {
            record(
                .securityAdded, location: "security",
                message: "the operation now requires \(Self.describe(new.security))")
        } else if stranded.allSatisfy({ credentials in
            newAlternatives.contains { Set($0.keys) == Set(credentials.keys) }
        }) {
            record(.securityScopesAdded, location: "security", message: "\(change): more scopes are needed")
        } else {
            record(.securityChanged, location: "security", message: "\(change): new credentials are needed")
        }
    }

    /// Whether a caller holding `credentials` meets `requirement`.
    private static func isSatisfied(_ requirement: SecurityRequirement, by credentials: SecurityRequirement) -> Bool {
        requirement.allSatisfy { scheme, scopes in
            guard let held = credentials[scheme] else { return false }
            return Set(scopes).isSubset(of: held)
        }
    }

    private static func normalized(_ security: [SecurityRequirement]) -> Set<[String: Set<String>]> {
        Set(security.map { $0.mapValues(Set.init) })
    }

    private static func describe(_ security: [SecurityRequirement]) -> String {
        guard !security.isEmpty else { return "none" }
        return security.map { requirement in
            requirement.isEmpty
                ? "none"
                : requirement.keys.sorted().map { scheme in
                    let scopes = requirement[scheme] ?? []
                    return scopes.isEmpty ? "`\(scheme)`" : "`\(scheme)` (\(scopes.sorted().joined(separator: ", ")))"
                }.joined(separator: " and ")
        }.joined(separator: " or ")
    }
}
