import Foundation
import HandbookModel

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A release store: bundles by content hash, one current bundle per environment, the state (learned plans) of each
/// environment, recorded test runs and an append-only log of promotions and rollbacks. Plain files, no server; see
/// docs/releases.md.
///
/// ```
/// STORE/bundles/<hex>.hb            immutable copies, named by content hash
/// STORE/environments/<env>.json     the current release of an environment (replaced atomically)
/// STORE/state/<env>.state.sqlite    the environment's learned plans
/// STORE/test-runs/<hex>.json        `hbc test --record-to` results of a bundle
/// STORE/log.jsonl                   one JSON object per promotion or rollback, appended
/// STORE/promotion.json              the store's promotion order (see ``PromotionOrder``)
/// STORE/.lock                       flock'ed by writers
/// ```
public struct ReleaseStore: Sendable {
    /// The store's absolute path.
    public let directory: String

    /// Opens the store at `directory`, creating its folders when missing (for commands that write: `hbc promote`,
    /// `hbc test --record-to`). Commands that only read or serve use ``init(existing:)``.
    public init(directory: String) throws {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.directory = absolute
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder), !isFolder.boolValue {
            throw ReleaseStoreError("\(absolute) is a file, not a release store folder", kind: .unusableFolder)
        }
        for folder in ["bundles", "environments", "state", "test-runs"] {
            do {
                try FileManager.default.createDirectory(
                    atPath: absolute + "/" + folder, withIntermediateDirectories: true)
            } catch {
                throw ReleaseStoreError(
                    "cannot create the release store at \(absolute): \(error.localizedDescription)",
                    kind: .unusableFolder)
            }
        }
    }

    /// Opens the store at `directory` without creating anything: refuses a folder that is not a release store (one
    /// without `environments/`), so a mistyped `--store` is an error instead of a new, empty store.
    public init(existing directory: String) throws {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute + "/environments", isDirectory: &isFolder),
            isFolder.boolValue
        else {
            throw ReleaseStoreError("no release store at \(absolute)", kind: .noStore)
        }
        self.directory = absolute
    }

    /// The store folder to use: `explicit` (`--store`), else `HBC_STORE`, else `.hbc/store` under the current folder.
    public static func defaultDirectory(
        explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let variable = environment["HBC_STORE"], !variable.isEmpty { return variable }
        return currentDirectory + "/.hbc/store"
    }

    /// Who acts: `HBC_USER`, else the login user, else `USER`, else `unknown`.
    public static func currentUser(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let user = environment["HBC_USER"], !user.isEmpty { return user }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            let text = String(cString: name)
            if !text.isEmpty { return text }
        }
        return environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
    }

    /// Now, ISO 8601 in UTC (`2025-11-22T07:48:00Z`).
    public static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(.iso8601)
    }

    // MARK: - Paths

    /// The environment's learned-plan database.
    public func statePath(environment: String) -> String {
        directory + "/state/" + environment + ".state.sqlite"
    }

    /// Where the store keeps the bundle with this content hash.
    public func bundlePath(contentHash: String) -> String {
        directory + "/bundles/" + Self.hex(contentHash) + ".hb"
    }

    /// The pointer file of an environment.
    public func pointerPath(environment: String) -> String {
        directory + "/environments/" + environment + ".json"
    }

    /// The recorded test runs of a bundle.
    public func testRunPath(contentHash: String) -> String {
        directory + "/test-runs/" + Self.hex(contentHash) + ".json"
    }

    /// The promotion log.
    public var logPath: String { directory + "/log.jsonl" }

    private var lockPath: String { directory + "/.lock" }

    /// The hex digits of a `sha256:…` content hash (only hex digits survive, so it is a safe file name).
    static func hex(_ contentHash: String) -> String {
        let digits = contentHash.hasPrefix("sha256:") ? String(contentHash.dropFirst(7)) : contentHash
        return String(digits.filter { $0.isHexDigit }.lowercased())
    }

    /// Refuses names that cannot be environment (file) names.
    static func checkEnvironmentName(_ name: String) throws {
        guard HandbookMetadata.isValidEnvironmentName(name) else {
            throw ReleaseStoreError(
                "'\(name)' is not an environment name (letters, digits, '-', '_' and '.', not starting with '.')")
        }
    }

    // MARK: - Environments

    /// The release that runs in `environment`, or `nil` when nothing was promoted there.
    public func current(environment: String) throws -> Release? {
        try Self.checkEnvironmentName(environment)
        let path = pointerPath(environment: environment)
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw ReleaseStoreError("cannot read \(path); check its permissions")
            }
            return nil
        }
        do {
            var release = try JSONDecoder().decode(Release.self, from: data)
            // The store may have moved since: the bundle is where this store keeps it.
            release.bundlePath = bundlePath(contentHash: release.contentHash)
            return release
        } catch {
            throw ReleaseStoreError(
                "\(path) is damaged (\(error)); roll back or promote again to rewrite it (the history is in \(logPath))"
            )
        }
    }

    /// The environments that have a current release, sorted by name.
    public func environments() throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/environments")) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Replaces the pointer of `release.environment` atomically.
    func setCurrent(_ release: Release) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = try encoder.encode(release) + Data("\n".utf8)
        do {
            try FileSystem.replace(pointerPath(environment: release.environment), with: data)
        } catch {
            throw ReleaseStoreError("\(error); check that \(directory)/environments is writable")
        }
    }

    /// Writes the pointer, then the log line; if the log cannot be written, the old pointer is put back so the store
    /// never runs a release its log does not mention.
    func switchTo(_ release: Release, logging event: ReleaseEvent, restoring previous: Release?) throws {
        try setCurrent(release)
        do {
            try append(event)
        } catch {
            if let previous {
                try? setCurrent(previous)
            } else {
                try? FileManager.default.removeItem(atPath: pointerPath(environment: release.environment))
            }
            throw error
        }
    }

    // MARK: - Bundles

    /// Opens a bundle and checks it: seal, format and a recomputed content hash equal to the recorded one.
    public static func verifiedBundle(at path: String) throws -> BundleReader {
        let reader = try BundleReader(path: path)
        _ = try verifiedMetadata(of: reader)
        return reader
    }

    /// The metadata of an open bundle (its seal and format were checked when it opened) once its content hash is
    /// recomputed and equal to the recorded one: what results and releases may be filed under.
    public static func verifiedMetadata(of reader: BundleReader) throws -> BundleMetadata {
        let recomputed = try reader.recomputeContentHash()
        guard recomputed == reader.metadata.contentHash else {
            throw BundleError.invalidContents(
                path: reader.path,
                reason:
                    "its content hash is \(recomputed) but it records \(reader.metadata.contentHash) (rebuild it with `hbc build`)"
            )
        }
        return reader.metadata
    }

    /// Copies a verified bundle into `bundles/<hex>.hb` (once: the file is immutable and content-addressed) and
    /// returns the stored copy, opened.
    func importBundle(_ reader: BundleReader) throws -> BundleReader {
        let destination = bundlePath(contentHash: reader.metadata.contentHash)
        if FileManager.default.fileExists(atPath: destination),
            let existing = try? Self.verifiedBundle(at: destination),
            existing.metadata.contentHash == reader.metadata.contentHash
        {
            return existing
        }
        let temporary = directory + "/bundles/.import-\(getpid())-\(UUID().uuidString).hb"
        do {
            try FileManager.default.copyItem(atPath: reader.path, toPath: temporary)
        } catch {
            throw ReleaseStoreError(
                "cannot copy \(reader.path) into \(directory)/bundles: \(error.localizedDescription)")
        }
        do {
            // The copy is what will be served: check it, not only the source.
            let copy = try Self.verifiedBundle(at: temporary)
            guard copy.metadata.contentHash == reader.metadata.contentHash else {
                throw ReleaseStoreError("\(reader.path) changed while it was being copied; promote it again")
            }
            chmod(temporary, 0o444)
            guard rename(temporary, destination) == 0 else {
                throw ReleaseStoreError(
                    "cannot move the bundle into \(destination): \(String(cString: strerror(errno)))")
            }
            FileSystem.syncFolder(directory + "/bundles")
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        return try BundleReader(path: destination)
    }

    // MARK: - Log and history

    /// Every event of the log, oldest first. Lines that cannot be read (a write cut short) are skipped.
    public func log() throws -> [ReleaseEvent] {
        guard let data = FileManager.default.contents(atPath: logPath) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            try? decoder.decode(ReleaseEvent.self, from: Data(line))
        }
    }

    /// The events of one environment, oldest first.
    public func history(environment: String) throws -> [ReleaseEvent] {
        try log().filter { $0.environment == environment }
    }

    /// The releases an environment went through that are still in effect, oldest first: a promotion pushes, a
    /// rollback pops. The last is what runs now; the one before it is what a rollback restores.
    public func releaseStack(environment: String) throws -> [ReleaseEvent] {
        var stack: [ReleaseEvent] = []
        for event in try history(environment: environment) {
            switch event.action {
            case .promote: stack.append(event)
            case .rollback: if !stack.isEmpty { stack.removeLast() }
            }
        }
        return stack
    }

    /// Appends one event to the log.
    func append(_ event: ReleaseEvent) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line = try encoder.encode(event) + Data("\n".utf8)
        do {
            try FileSystem.append(logPath, line)
        } catch {
            throw ReleaseStoreError("\(error); the release log must be writable")
        }
    }

    /// Runs `body` holding the store's write lock, so two promotions (or a promotion and a rollback) never
    /// interleave. Readers take no lock.
    func withLock<T>(_ body: () async throws -> T) async throws -> T {
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ReleaseStoreError("cannot open the store lock \(lockPath): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        // Poll instead of blocking: a blocked thread of the cooperative pool could be the one the holder (in the
        // same process) needs to finish.
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw ReleaseStoreError("cannot lock \(lockPath): \(String(cString: strerror(errno)))")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        defer { flock(descriptor, LOCK_UN) }
        return try await body()
    }
}
