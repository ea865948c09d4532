-- wrk script for bench/scale: POST /{envID}/as/token with client_credentials, cycling over every
-- application of every environment in a credentials file written by ScaleData.java
-- (env id secret method basic64 per line), so that the whole data set is in use.
--   BENCH_CREDS   the credentials file
-- Prints one "RESULT ..." line.

local creds_file = os.getenv("BENCH_CREDS")
local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("tid", #threads)
end

function init(args)
   requests = {}
   for line in io.lines(creds_file) do
      local env, id, secret, app_method, basic = line:match("^(%S+) (%S+) (%S+) (%S+) (%S+)$")
      local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
      local body
      if app_method == "CLIENT_SECRET_BASIC" then
         headers["Authorization"] = "Basic " .. basic
         body = "grant_type=client_credentials"
      else
         body = "grant_type=client_credentials&client_id=" .. id .. "&client_secret=" .. secret
      end
      table.insert(requests, wrk.format("POST", "/" .. env .. "/as/token", headers, body))
   end
   -- A stride coprime with most sizes spreads consecutive requests over environments.
   next_request = (tid or 0) * 7919 % #requests + 1
   unexpected = 0
end

function request()
   local r = requests[next_request]
   next_request = (next_request + 7918) % #requests + 1
   return r
end

function response(status, headers, body)
   if status ~= 200 then
      unexpected = unexpected + 1
   end
end

function done(summary, latency, requests)
   local bad = 0
   for _, thread in ipairs(threads) do
      bad = bad + thread:get("unexpected")
   end
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d unexpected=%d errors=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), bad,
      e.connect + e.read + e.write + e.timeout))
end
