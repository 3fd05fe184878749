-- wrk script for bench/http.sh: POST one fixed GraphQL request body.
--
-- Usage: wrk ... -s bench/post.lua http://HOST:PORT/graphql -- BODY_FILE
--
-- BODY_FILE holds the JSON request ({"query": ..., "variables": ...}). The request is
-- formatted once (no `request` function here), so wrk sends the same bytes every time
-- at the lowest client cost.

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function init(args)
   local path = args[1]
   if not path then
      error("post.lua: pass the request body file after `--`: wrk ... -s post.lua URL -- BODY_FILE")
   end
   local file = assert(io.open(path, "rb"))
   wrk.body = file:read("*a")
   file:close()
   if #wrk.body == 0 then
      error("post.lua: " .. path .. " is empty")
   end
end
