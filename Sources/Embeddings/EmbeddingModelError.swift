import Foundation

/// Why the sentence-embedding model could not be loaded; each message says how to fix it.
public enum EmbeddingModelError: Error, Equatable, CustomStringConvertible {
    /// Model files are absent from the resolved model directory.
    case modelFilesMissing(directory: URL, missingFiles: [String])
    /// A model file exists but could not be read.
    case unreadableFile(URL, reason: String)
    /// `vocab.txt` lacks one of the special tokens BERT needs (`[CLS]`, `[SEP]`, `[UNK]`).
    case vocabularyLacksToken(String)
    /// The weights file lacks a tensor the encoder needs, or has it with the wrong shape.
    case unexpectedWeights(String)

    private static let fixHint =
        "run `make model` (or scripts/fetch-model.sh), or point HBC_MODEL_DIR at a directory holding model.safetensors and vocab.txt"

    /// A human-readable explanation of the problem.
    public var description: String {
        switch self {
        case .modelFilesMissing(let directory, let missingFiles):
            return
                "embedding model not found: \(missingFiles.joined(separator: ", ")) missing in \(directory.path); \(Self.fixHint)"
        case .unreadableFile(let url, let reason):
            return "cannot read embedding model file \(url.path) (\(reason)); \(Self.fixHint)"
        case .vocabularyLacksToken(let token):
            return "the embedding vocabulary has no \(token) token; it is not a BERT vocab.txt; \(Self.fixHint)"
        case .unexpectedWeights(let detail):
            return "the embedding weights are not all-MiniLM-L6-v2's: \(detail); \(Self.fixHint)"
        }
    }
}
