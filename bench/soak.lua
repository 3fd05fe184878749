-- wrk script for bench/soak.sh: mixed queries, a random one per request.
--
-- Usage: wrk ... -s bench/soak.lua http://HOST:PORT/graphql -- REQUEST_DIR
--
-- REQUEST_DIR holds holders-during.json, incumbent.json, all-terms.json and
-- introspection.json (whole request bodies) and holders-during.query.json (the
-- holders-during document as a JSON string literal). Each request is, with equal
-- odds, one of those four fixed bodies or holders-during with a fresh random date range
-- (two days drawn between 1960-01-01 and 2030-12-31, ordered), which no cache answers.
--
-- Every response is checked: one that is not a 200 or holds an "errors" key is
-- counted, and `done` prints "soak: N responses checked, M failed" and the mix.

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
local FIXED = { "holders-during", "incumbent", "all-terms", "introspection" }

local requests = {} -- formatted fixed requests, by index into FIXED
local prefix       -- '{"query":"...","variables":{"from":"'

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_number", #threads)
end

local function read(path)
   local file = assert(io.open(path, "rb"))
   local text = file:read("*a")
   file:close()
   return text
end

function init(args)
   local dir = args[1]
   if not dir then
      error("soak.lua: pass the request directory after `--`: wrk ... -- REQUEST_DIR")
   end
   for i, name in ipairs(FIXED) do
      requests[i] = wrk.format(nil, nil, nil, read(dir .. "/" .. name .. ".json"))
   end
   local query = read(dir .. "/holders-during.query.json"):gsub("%s+$", "")
   assert(query:sub(1, 1) == '"', "soak.lua: holders-during.query.json must hold a JSON string")
   assert(iso_date(FIRST_DAY) == "1960-01-01" and iso_date(LAST_DAY) == "2030-12-31",
      "soak.lua: date arithmetic is wrong")
   prefix = '{"query":' .. query .. ',"variables":{"from":"'
   math.randomseed(os.time() + floor(os.clock() * 1e6) + (thread_number or 0) * 7919)
   checked, failed, random_sent = 0, 0, 0
   sent = { 0, 0, 0, 0 }
end

function request()
   local pick = math.random(1, #FIXED + 1)
   if pick <= #FIXED then
      sent[pick] = sent[pick] + 1
      return requests[pick]
   end
   random_sent = random_sent + 1
   local a, b = math.random(FIRST_DAY, LAST_DAY), math.random(FIRST_DAY, LAST_DAY)
   if a > b then a, b = b, a end
   return wrk.format(nil, nil, nil, prefix .. iso_date(a) .. '","to":"' .. iso_date(b) .. '"}}')
end

function response(status, headers, body)
   checked = checked + 1
   if status ~= 200 or body:find('"errors"', 1, true) then
      failed = failed + 1
   end
end

function done(summary, latency, requests)
   local total_checked, total_failed, total_random = 0, 0, 0
   local mix = { 0, 0, 0, 0 }
   for _, thread in ipairs(threads) do
      total_checked = total_checked + (thread:get("checked") or 0)
      total_failed = total_failed + (thread:get("failed") or 0)
      total_random = total_random + (thread:get("random_sent") or 0)
      local s = thread:get("sent")
      for i = 1, #FIXED do
         mix[i] = mix[i] + ((s and s[i]) or 0)
      end
   end
   io.write(string.format("soak: %d responses checked, %d failed\n", total_checked, total_failed))
   local parts = {}
   for i, name in ipairs(FIXED) do
      table.insert(parts, string.format("%s %d", name, mix[i]))
   end
   table.insert(parts, string.format("holders-during-random %d", total_random))
   io.write("soak mix: " .. table.concat(parts, ", ") .. "\n")
end
