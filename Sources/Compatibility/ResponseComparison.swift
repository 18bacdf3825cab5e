import HandbookModel

extension OperationComparison {
    /// Responses: statuses, media types, headers and body schemas.
    func compareResponses() {
        let newByStatus = Dictionary(
            new.responses.map { ($0.status.uppercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let oldStatuses = Set(old.responses.map { $0.status.uppercased() })
        for response in old.responses {
            let context = "response \(response.status)"
            guard let counterpart = newByStatus[response.status.uppercased()] else {
                if Self.isSuccess(response.status) {
                    record(
                        .responseSuccessStatusRemoved, location: context,
                        message: "\(context) was removed")
                } else {
                    record(
                        .responseNonSuccessStatusRemoved, location: context,
                        message: "\(context) was removed")
                }
                continue
            }
            compare(response, counterpart)
        }
        for response in new.responses where !oldStatuses.contains(response.status.uppercased()) {
            record(
                .responseStatusAdded, location: "response \(response.status)",
                message: "response \(response.status) was added")
        }
    }

    /// Whether a status is a success (`2xx` or `2XX`).
    static func isSuccess(_ status: String) -> Bool { status.hasPrefix("2") }

    private func compare(_ response: OperationResponse, _ counterpart: OperationResponse) {
        let status = counterpart.status
        let body = "response \(status) body"
        let matching = MediaTypeMatching(old: response.content, new: counterpart.content)
        for content in matching.removed {
            let context = MediaTypeMatching.context(body, content.mediaType)
            let rule: ChangeRule =
                Self.isSuccess(status) ? .responseMediaTypeRemoved : .responseNonSuccessMediaTypeRemoved
            record(rule, location: context, message: "response \(status) no longer returns \(content.mediaType)")
        }
        for content in matching.added {
            record(
                .responseMediaTypeAdded, location: MediaTypeMatching.context(body, content.mediaType),
                message: "response \(status) may now return \(content.mediaType)")
        }
        for (oldContent, newContent) in matching.pairs {
            let site = SchemaSite(direction: .response, context: MediaTypeMatching.context(body, newContent.mediaType))
            compareSchemas(oldContent.schema ?? .object([:]), newContent.schema ?? .object([:]), at: site)
        }
        let newHeaders = Dictionary(
            counterpart.headers.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let oldHeaders = Set(response.headers.map { $0.name.lowercased() })
        for header in response.headers {
            let context = "response \(status) header `\(header.name)`"
            guard let newHeader = newHeaders[header.name.lowercased()] else {
                record(.responseHeaderRemoved, location: context, message: "\(context) was removed")
                continue
            }
            compareSchemas(
                header.schema ?? .object([:]), newHeader.schema ?? .object([:]),
                at: SchemaSite(direction: .response, context: context))
        }
        for header in counterpart.headers where !oldHeaders.contains(header.name.lowercased()) {
            let context = "response \(status) header `\(header.name)`"
            record(.responseHeaderAdded, location: context, message: "\(context) was added")
        }
    }
}
