-- bench/query_api.lua - wrk script of bench/query_api.sh: each request takes the next path of
-- the file given after "--" (one path per line, varied filters), each wrk thread starting at
-- its own place in the list; at the end it prints one line the script parses:
--   RESULT <requests/s> <p50 ms> <p99 ms> <max ms> <non-2xx/3xx answers> <requests>
local paths = {}
local next_index = 1

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  assert(#paths > 0, "no paths in " .. args[1])
  -- Threads share nothing; spread their starting points with the address of a fresh table.
  local salt = tonumber(tostring({}):match("0x(%x+)"), 16) or 0
  next_index = salt % #paths + 1
end

function request()
  local p = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", p)
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d\n", summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.requests))
end
