import Foundation
import HandbookModel
import Logging
import Upstreams

/// Where a build takes the tools of upstream MCP servers from.
public enum UpstreamSnapshotSource: Sendable {
    /// The committed snapshot files only (`--offline`); a server without one is an error.
    case committed
    /// Each server, connected now; a server that cannot be reached falls back to its committed snapshot (with a
    /// warning), or is an error without one. With `updateFiles`, the snapshot files are rewritten from the servers.
    case live(updateFiles: Bool)
}

/// The upstreams stage: the snapshot of every enabled `mcpServers` entry, from the servers themselves or from the
/// committed snapshot files, with located diagnostics saying what to do when neither is available.
struct UpstreamStage {
    let diagnostics: DiagnosticCollector
    let handbookDirectory: String

    /// The snapshots from the committed files.
    func committed(_ declarations: [UpstreamDeclaration]) -> [UpstreamServerSnapshot] {
        declarations.filter(\.config.enabled).compactMap { declaration in
            committedSnapshot(
                declaration,
                hint: "write the snapshot where the server can be reached, and commit "
                    + UpstreamSnapshotFile.relativePath(server: declaration.config.name))
        }
    }

    /// The snapshots from the servers, connected concurrently; unreachable ones from their committed files.
    func live(
        _ declarations: [UpstreamDeclaration], updateFiles: Bool, environment: [String: String]
    ) async -> [UpstreamServerSnapshot] {
        let enabled = declarations.filter(\.config.enabled)
        let results = await withTaskGroup(of: (Int, Result<UpstreamServerSnapshot, UpstreamError>).self) { group in
            for (index, declaration) in enabled.enumerated() {
                group.addTask {
                    do throws(UpstreamError) {
                        return (
                            index,
                            .success(
                                try await UpstreamSessionFactory.snapshot(
                                    declaration.config, environment: environment))
                        )
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results: [Int: Result<UpstreamServerSnapshot, UpstreamError>] = [:]
            for await (index, result) in group { results[index] = result }
            return results
        }
        var snapshots: [UpstreamServerSnapshot] = []
        for (index, declaration) in enabled.enumerated() {
            guard let result = results[index] else { continue }
            switch result {
            case .success(let snapshot):
                if updateFiles {
                    do {
                        try UpstreamSnapshotFile.write(snapshot, handbookDirectory: handbookDirectory)
                    } catch {
                        diagnostics.error(
                            "upstream.snapshot-invalid", "cannot write the snapshot of '\(snapshot.name)': \(error)",
                            at: declaration.location)
                    }
                }
                snapshots.append(snapshot)
            case .failure(let error):
                let path = UpstreamSnapshotFile.relativePath(server: declaration.config.name)
                if let snapshot = committedSnapshot(declaration, hint: nil) {
                    diagnostics.warning(
                        "upstream.snapshot-used", "\(error.description); its committed snapshot \(path) is used",
                        at: declaration.location,
                        hint: "start the server (or set its variables) and build again to refresh it")
                    snapshots.append(snapshot)
                } else {
                    diagnostics.error(
                        "upstream.unreachable", error.description, at: declaration.location,
                        hint: "make the server reachable from this machine, or commit its snapshot (\(path)) "
                            + "and build from the committed snapshots")
                }
            }
        }
        return snapshots
    }

    /// The committed snapshot of a server; a missing one is an error (with `hint`) only when a hint is given, since
    /// without one the caller has another way to get the tools.
    private func committedSnapshot(_ declaration: UpstreamDeclaration, hint: String?) -> UpstreamServerSnapshot? {
        let path = UpstreamSnapshotFile.relativePath(server: declaration.config.name)
        do {
            if let snapshot = try UpstreamSnapshotFile.read(declaration.config, handbookDirectory: handbookDirectory) {
                return snapshot
            }
            if let hint {
                diagnostics.error(
                    "upstream.snapshot-missing",
                    "upstream server '\(declaration.config.name)' has no committed snapshot \(path)",
                    at: declaration.location, hint: hint)
            }
        } catch {
            // Where in the snapshot file, named as the manifest is (beside it, in the handbook folder).
            let folder = (declaration.location.file as NSString).deletingLastPathComponent
            let file = folder.isEmpty ? path : "\(folder)/\(path)"
            diagnostics.error(
                "upstream.snapshot-invalid", "the snapshot \(path) cannot be read: \(error.message)",
                at: SourceLocation(file: file, line: error.line, column: error.column),
                hint: "write the snapshot again where the server can be reached")
        }
        return nil
    }
}
