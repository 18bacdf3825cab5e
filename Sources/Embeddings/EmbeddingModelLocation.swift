import Foundation

/// Where the all-MiniLM-L6-v2 files (`model.safetensors`, `vocab.txt`) live on this machine.
///
/// Resolution order: `$HBC_MODEL_DIR`; else `$XDG_CACHE_HOME/hbc/models/all-MiniLM-L6-v2`;
/// else `~/.cache/hbc/models/all-MiniLM-L6-v2` — the same rule `scripts/fetch-model.sh` follows.
public struct EmbeddingModelLocation: Sendable, Equatable {
    /// The environment variable that overrides the model directory.
    public static let directoryEnvironmentVariable = "HBC_MODEL_DIR"
    /// The model's directory name under the cache.
    public static let modelDirectoryName = "all-MiniLM-L6-v2"
    /// The weights file name.
    public static let weightsFileName = "model.safetensors"
    /// The WordPiece vocabulary file name.
    public static let vocabularyFileName = "vocab.txt"

    /// The directory holding the model files.
    public let directory: URL

    /// A location at an explicit directory.
    public init(directory: URL) {
        self.directory = directory
    }

    /// Resolves the model directory from `environment` (by default the process environment).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let explicit = environment[Self.directoryEnvironmentVariable], !explicit.isEmpty {
            directory = URL(fileURLWithPath: explicit, isDirectory: true)
            return
        }
        let cacheRoot: URL
        if let xdgCache = environment["XDG_CACHE_HOME"], !xdgCache.isEmpty {
            cacheRoot = URL(fileURLWithPath: xdgCache, isDirectory: true)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            cacheRoot = URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(
                ".cache", isDirectory: true)
        }
        directory =
            cacheRoot
            .appendingPathComponent("hbc", isDirectory: true)
            .appendingPathComponent("models", isDirectory: true)
            .appendingPathComponent(Self.modelDirectoryName, isDirectory: true)
    }

    /// The `model.safetensors` file.
    public var weightsFile: URL { directory.appendingPathComponent(Self.weightsFileName) }
    /// The `vocab.txt` file.
    public var vocabularyFile: URL { directory.appendingPathComponent(Self.vocabularyFileName) }

    /// Checks that both model files exist.
    ///
    /// - Throws: ``EmbeddingModelError/modelFilesMissing(directory:missingFiles:)`` naming the absent files.
    public func requireFiles() throws {
        let missing = [Self.weightsFileName, Self.vocabularyFileName].filter { name in
            !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path)
        }
        if !missing.isEmpty {
            throw EmbeddingModelError.modelFilesMissing(directory: directory, missingFiles: missing)
        }
    }
}
