import ArgumentParser
import Foundation
import HandbookModel

/// A file of requests for `--queries`: one per line, or JSON lines with a `query` field.
enum QueryFile {
    /// Answers every request of `file` and prints one JSON line each: the query, the milliseconds `answer` took, and
    /// what it returned under `key`. Exits 1 when the file cannot be read.
    static func answerEach(in file: String, key: String, _ answer: (String) throws -> JSONValue) throws {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            Terminal.error("error: cannot read the --queries file \(file): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let clock = ContinuousClock()
        for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let request = (try? JSONValue.parse(String(line)))?["query"]?.stringValue ?? String(line)
            let start = clock.now
            let answered = try answer(request)
            let elapsed = clock.now - start
            Terminal.printJSON(
                .object([
                    "query": .string(request),
                    "milliseconds": .double(elapsed.milliseconds),
                    key: answered,
                ]))
        }
    }
}
