-- wrk script: POSTs one JSON-RPC request per call on an MCP session initialized beforehand.
-- Environment: MCP_SESSIONS (comma-separated session ids, one per wrk connection, reused round robin),
-- MCP_BODY (the JSON-RPC request; "__ID__" is replaced by a per-connection counter and "__N__" by a word unique to
-- the call, so every call asks something new; empty: plain GETs).
local sessions = {}
for id in string.gmatch(os.getenv("MCP_SESSIONS") or "", "[^,]+") do table.insert(sessions, id) end
local template = os.getenv("MCP_BODY")
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("session", sessions[((counter - 1) % #sessions) + 1])
  table.insert(threads, thread)
end

function init(args)
  calls = 0
  errors = 0
  if template == nil or template == "" then
    wrk.method = "GET"  -- no body: a plain GET (the upstream measured directly)
    return
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json, text/event-stream"
  wrk.headers["MCP-Protocol-Version"] = "2025-06-18"
  wrk.headers["Mcp-Session-Id"] = session
end

function request()
  calls = calls + 1
  if wrk.method == "GET" then return wrk.format(nil, nil, nil, nil) end
  local body = string.gsub(template, "__ID__", tostring(calls))
  body = string.gsub(body, "__N__", "q" .. tostring(calls) .. string.sub(session, 1, 8))
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status ~= 200 or string.find(body, '"isError":true', 1, true) or string.find(body, '"error":{', 1, true) then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + (thread:get("errors") or 0) end
  io.write(string.format("WRKJSON {\"requests\": %d, \"seconds\": %.3f, \"p50_ms\": %.3f, \"p90_ms\": %.3f, " ..
    "\"p99_ms\": %.3f, \"non_2xx\": %d, \"socket_errors\": %d, \"answer_errors\": %d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(99) / 1e3, summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout, failed))
end
