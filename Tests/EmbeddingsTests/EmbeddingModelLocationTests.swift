import Embeddings
import Foundation
import Testing

@Suite("model location")
struct EmbeddingModelLocationTests {
    @Test("HBC_MODEL_DIR wins, then XDG_CACHE_HOME, then ~/.cache")
    func resolution() {
        #expect(
            EmbeddingModelLocation(environment: ["HBC_MODEL_DIR": "/m", "XDG_CACHE_HOME": "/x", "HOME": "/h"]).directory
                .path == "/m")
        #expect(
            EmbeddingModelLocation(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]).directory.path
                == "/x/hbc/models/all-MiniLM-L6-v2")
        #expect(
            EmbeddingModelLocation(environment: ["HOME": "/h"]).directory.path
                == "/h/.cache/hbc/models/all-MiniLM-L6-v2")
    }

    @Test("missing files are named and the message says how to fetch them")
    func missingFiles() throws {
        let location = EmbeddingModelLocation(directory: URL(fileURLWithPath: "/nonexistent/model-dir"))
        let error = try #require(throws: EmbeddingModelError.self) { try location.requireFiles() }
        #expect(
            error
                == .modelFilesMissing(directory: location.directory, missingFiles: ["model.safetensors", "vocab.txt"]))
        #expect(error.description.contains("make model"))
        #expect(error.description.contains("scripts/fetch-model.sh"))
        #expect(throws: EmbeddingModelError.self) { try MiniLMEncoder(location: location) }
    }
}
