/// Named, shape-checked access to a Hugging Face `BertModel` checkpoint, whatever prefix its
/// tensor names carry (none, `bert.`, `0.auto_model.`, …).
struct CheckpointWeights {
    private let file: SafeTensorsFile
    private let namePrefix: String

    /// Finds the tensor-name prefix by locating the word-embedding table.
    ///
    /// - Throws: ``EmbeddingModelError/unexpectedWeights(_:)`` if the file has no BERT word embeddings.
    init(file: SafeTensorsFile) throws {
        let anchor = "embeddings.word_embeddings.weight"
        guard let anchorName = file.tensors.keys.filter({ $0.hasSuffix(anchor) }).min(by: { $0.count < $1.count })
        else {
            throw EmbeddingModelError.unexpectedWeights("no tensor named *\(anchor)")
        }
        self.file = file
        self.namePrefix = String(anchorName.dropLast(anchor.count))
    }

    /// The tensor `name` (without prefix) as `Float`s, after checking it has exactly `shape`.
    ///
    /// - Throws: ``EmbeddingModelError/unexpectedWeights(_:)`` when absent, mis-shaped or not floating point.
    func tensor(_ name: String, shape: [Int]) throws -> [Float] {
        let fullName = try checkedName(name, shape: shape)
        do {
            return try file.floats(named: fullName)
        } catch {
            throw EmbeddingModelError.unexpectedWeights("\(error)")
        }
    }

    /// The tensor `name` (without prefix), read in place from the mapped file when possible (see
    /// ``SafeTensorsFile/floatTensor(named:)``), after checking it has exactly `shape`.
    ///
    /// - Throws: ``EmbeddingModelError/unexpectedWeights(_:)`` when absent, mis-shaped or not floating point.
    func floatTensor(_ name: String, shape: [Int]) throws -> FloatTensor {
        let fullName = try checkedName(name, shape: shape)
        do {
            return try file.floatTensor(named: fullName)
        } catch {
            throw EmbeddingModelError.unexpectedWeights("\(error)")
        }
    }

    /// The full name of the tensor `name`, after checking it exists with exactly `shape`.
    private func checkedName(_ name: String, shape: [Int]) throws -> String {
        let fullName = namePrefix + name
        guard let descriptor = file.tensors[fullName] else {
            throw EmbeddingModelError.unexpectedWeights("tensor \(fullName) is missing")
        }
        guard descriptor.shape == shape else {
            throw EmbeddingModelError.unexpectedWeights(
                "tensor \(fullName) has shape \(descriptor.shape), expected \(shape)")
        }
        return fullName
    }

    /// A `Linear` layer `prefix.weight` (`[outputWidth, inputWidth]`) plus `prefix.bias`, its weights kept in
    /// `precision`.
    func denseLayer(
        _ prefix: String, inputWidth: Int, outputWidth: Int, precision: WeightPrecision
    ) throws -> DenseLayer {
        DenseLayer(
            inputWidth: inputWidth,
            outputWidth: outputWidth,
            weight: try floatTensor(prefix + ".weight", shape: [outputWidth, inputWidth]),
            bias: try tensor(prefix + ".bias", shape: [outputWidth]),
            precision: precision)
    }

    /// A `LayerNorm` with `prefix.weight` (gain) and `prefix.bias` (shift).
    func layerNormalization(_ prefix: String, width: Int, epsilon: Float) throws -> LayerNormalization {
        LayerNormalization(
            gain: try tensor(prefix + ".weight", shape: [width]),
            shift: try tensor(prefix + ".bias", shape: [width]),
            epsilon: epsilon)
    }
}
