-- wrk script: POST /{envID}/as/token with client_credentials, cycling over the applications in
-- a credentials file written by BenchData.java. Settings come from the environment:
--   BENCH_CREDS   credentials file (id secret method basic64 wrongSecret wrongBasic64 per line), or
--                 bench/scale's (envId id secret method basic64 per line: each line its environment)
--   BENCH_ENV     environment id
--   BENCH_PATH    the token endpoint's path, when not /{BENCH_ENV}/as/token (another server's)
--   BENCH_METHOD  basic | post | any (each application's own method)
--   BENCH_APPS    how many applications to use (0: all that match BENCH_METHOD)
--   BENCH_WRONG   1: present a wrong secret of the right length (expects 401 invalid_client, or
--                 429 once brute-force protection has locked the client or the address out)
-- Prints one "RESULT ..." line that bench/run reads.

local creds_file = os.getenv("BENCH_CREDS")
local env_id = os.getenv("BENCH_ENV")
local method = os.getenv("BENCH_METHOD") or "any"
local app_limit = tonumber(os.getenv("BENCH_APPS") or "0")
local wrong = os.getenv("BENCH_WRONG") == "1"
local expected = wrong and 401 or 200

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("tid", #threads)
end

function init(args)
   local path = os.getenv("BENCH_PATH") or ("/" .. env_id .. "/as/token")
   requests = {}
   for line in io.lines(creds_file) do
      local line_path = path
      local id, secret, app_method, basic, wrong_secret, wrong_basic =
         line:match("^(%S+) (%S+) (%S+) (%S+) (%S+) (%S+)$")
      if not id then
         local env
         env, id, secret, app_method, basic = line:match("^(%S+) (%S+) (%S+) (%S+) (%S+)$")
         line_path = "/" .. env .. "/as/token"
      end
      local use_basic = app_method == "CLIENT_SECRET_BASIC"
      if method == "any" or (method == "basic") == use_basic then
         local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
         local body
         if use_basic then
            headers["Authorization"] = "Basic " .. (wrong and wrong_basic or basic)
            body = "grant_type=client_credentials"
         else
            body = "grant_type=client_credentials&client_id=" .. id
               .. "&client_secret=" .. (wrong and wrong_secret or secret)
         end
         table.insert(requests, wrk.format("POST", line_path, headers, body))
         if app_limit > 0 and #requests >= app_limit then
            break
         end
      end
   end
   if #requests == 0 then
      error("no application in " .. creds_file .. " matches BENCH_METHOD=" .. method)
   end
   -- Threads start at different applications.
   next_request = (tid or 0) * 7919 % #requests + 1
   unexpected = 0
   locked = 0
end

function request()
   local r = requests[next_request]
   next_request = next_request % #requests + 1
   return r
end

function response(status, headers, body)
   if status == 429 and wrong then
      locked = locked + 1
   elseif status ~= expected then
      unexpected = unexpected + 1
   end
end

function done(summary, latency, requests)
   local bad, refused = 0, 0
   for _, thread in ipairs(threads) do
      bad = bad + thread:get("unexpected")
      refused = refused + thread:get("locked")
   end
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d unexpected=%d locked=%d connect=%d read=%d write=%d timeout=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      latency:percentile(99.9), latency.max, bad, refused, e.connect, e.read, e.write, e.timeout))
end
