import HandbookModel

extension HandbookRuntime {
    /// Runs `operationID` — an API operation through the ``OperationRunner``, or an upstream MCP tool
    /// (`server.tool`) through the ``UpstreamToolbox`` — with the same checks either way (arguments, guardrails,
    /// confirmation, evaluation, redaction). Everything that executes for an agent (the `execute` tool, plan steps)
    /// goes through here. An operation `visibility` hides is answered exactly like one the handbook does not have.
    public func execute(
        operationID: String, arguments: JSONObject, traceID: String, confirm: OperationRunner.Confirmer?,
        visibility: Visibility = .everything
    ) async -> ExecutionResult {
        guard visibility.admits(operationID: operationID, in: self) else {
            return unknownOperation(operationID, traceID: traceID)
        }
        if upstreams.tool(id: operationID) != nil {
            return await upstreams.execute(
                toolID: operationID, arguments: arguments, traceID: traceID, confirm: confirm)
        }
        return await runner.execute(operationID: operationID, arguments: arguments, traceID: traceID, confirm: confirm)
    }

    /// What the runner answers for an id the handbook does not have (the same outcome and message, masked alike).
    func unknownOperation(_ operationID: String, traceID: String) -> ExecutionResult {
        let quoting = secrets.quoting()
        return ExecutionResult(
            traceID: traceID, operation: quoting.mask(operationID), outcome: .unknownOperation, status: nil, body: nil,
            truncated: false, evaluation: nil, redacted: [],
            message: quoting.mask("no operation '\(operationID)'; use the search tool to find operation ids"),
            violations: [], policy: nil, durationMilliseconds: 0, attempts: 0)
    }
}
