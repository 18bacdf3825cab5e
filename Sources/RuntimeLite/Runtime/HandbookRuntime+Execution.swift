import HandbookModel

extension HandbookRuntime {
    /// Runs `operationID` — an API operation through the ``OperationRunner``, or an upstream MCP tool
    /// (`server.tool`) through the ``UpstreamToolbox`` — with the same checks either way (arguments, guardrails,
    /// confirmation, evaluation, redaction). Everything that executes for an agent (the `execute` tool, plan steps)
    /// goes through here.
    public func execute(
        operationID: String, arguments: JSONObject, traceID: String, confirm: OperationRunner.Confirmer?
    ) async -> ExecutionResult {
        if upstreams.tool(id: operationID) != nil {
            return await upstreams.execute(toolID: operationID, arguments: arguments, traceID: traceID, confirm: confirm)
        }
        return await runner.execute(operationID: operationID, arguments: arguments, traceID: traceID, confirm: confirm)
    }
}
