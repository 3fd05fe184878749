-- wrk script for bench/http.sh: the holders-during query with a fresh random date range
-- in every request, so neither a response cache nor a per-variables cache can answer it.
--
-- Usage: wrk ... -s bench/random-range.lua http://HOST:PORT/graphql -- QUERY_JSON_FILE [KEY]
--
-- QUERY_JSON_FILE holds the query document already encoded as a JSON string literal
-- (quotes included), e.g. "query HoldersDuring($from: Date!, $to: Date!) { ... }";
-- with KEY documentId, it holds the document's id instead ("sha256:..."), which the
-- server must know (tenure --trusted-documents). Each request draws two days uniformly
-- between 1960-01-01 and 2030-12-31, orders them (from <= to) and sends
-- {"query": ..., "variables": {"from": "YYYY-MM-DD", "to": ...}} (or "documentId").
--
-- Every response is checked: one that is not a 200 or that holds an "errors" key is
-- counted, and `done` prints "random-range: N responses checked, M failed" for
-- bench/http.sh to report. (Defining `response` makes wrk read bodies; the baseline
-- run of this case uses this same script, so both sides pay that client cost.)

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local floor = math.floor

-- Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
local function days_from_civil(y, m, d)
   if m <= 2 then y = y - 1 end
   local era = floor(y / 400)
   local yoe = y - era * 400
   local mp = (m > 2) and (m - 3) or (m + 9)
   local doy = floor((153 * mp + 2) / 5) + d - 1
   local doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy
   return era * 146097 + doe - 719468
end

-- The date "YYYY-MM-DD" of a day number (H. Hinnant's civil_from_days).
local function iso_date(z)
   z = z + 719468
   local era = floor(z / 146097)
   local doe = z - era * 146097
   local yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365)
   local y = yoe + era * 400
   local doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100))
   local mp = floor((5 * doy + 2) / 153)
   local d = doy - floor((153 * mp + 2) / 5) + 1
   local m = (mp < 10) and (mp + 3) or (mp - 9)
   if m <= 2 then y = y + 1 end
   return string.format("%04d-%02d-%02d", y, m, d)
end

local FIRST_DAY = days_from_civil(1960, 1, 1)
local LAST_DAY = days_from_civil(2030, 12, 31)

local prefix -- '{"query":"...","variables":{"from":"'

-- Main-state bookkeeping: the threads, to sum their counters in `done`.
local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_number", #threads)
end

function init(args)
   local path = args[1]
   if not path then
      error("random-range.lua: pass the JSON-encoded query file after `--`: wrk ... -- QUERY_JSON_FILE [query|documentId]")
   end
   -- The member that names the document: its text (`query`, the default) or, with the
   -- file holding a `sha256:...` id, `documentId` (a persisted document).
   local key = args[2] or "query"
   if key ~= "query" and key ~= "documentId" then
      error("random-range.lua: the second argument must be query or documentId, got " .. key)
   end
   local file = assert(io.open(path, "rb"))
   local query = file:read("*a"):gsub("%s+$", "")
   file:close()
   if query:sub(1, 1) ~= '"' then
      error("random-range.lua: " .. path .. " must hold a JSON string literal")
   end
   if key == "documentId" and query:sub(1, 8) ~= '"sha256:' then
      error("random-range.lua: " .. path .. " must hold a \"sha256:...\" documentId")
   end
   -- Round-trip check of the date arithmetic at both ends of the range.
   assert(iso_date(FIRST_DAY) == "1960-01-01" and iso_date(LAST_DAY) == "2030-12-31",
      "random-range.lua: date arithmetic is wrong")
   prefix = '{"' .. key .. '":' .. query .. ',"variables":{"from":"'
   -- A different sequence per thread and per run.
   math.randomseed(os.time() + floor(os.clock() * 1e6) + (thread_number or 0) * 7919)
   checked, failed = 0, 0
end

function request()
   local a, b = math.random(FIRST_DAY, LAST_DAY), math.random(FIRST_DAY, LAST_DAY)
   if a > b then a, b = b, a end
   local body = prefix .. iso_date(a) .. '","to":"' .. iso_date(b) .. '"}}'
   return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
   checked = checked + 1
   if status ~= 200 or body:find('"errors"', 1, true) then
      failed = failed + 1
   end
end

function done(summary, latency, requests)
   local total_checked, total_failed = 0, 0
   for _, thread in ipairs(threads) do
      total_checked = total_checked + (thread:get("checked") or 0)
      total_failed = total_failed + (thread:get("failed") or 0)
   end
   io.write(string.format("random-range: %d responses checked, %d failed\n",
      total_checked, total_failed))
end
