-- wrk script: the subscribe POST, one new attendee per request (email unique per thread, counter and run).
-- The CSRF secret comes from the Cookie header bench/targets.py sets; Django accepts it unmasked as the token.
local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  token = string.match(wrk.headers["Cookie"], "csrftoken=(%w+)")
  counter = 0
end

function request()
  counter = counter + 1
  local body = "csrfmiddlewaretoken=" .. token .. "&name=Bench+Guest&consent=on&email=wrk-" .. string.sub(token, 1, 8)
    .. "-" .. tid .. "-" .. counter .. "%40bench.example.org"
  -- wrk.format replaces wrk.headers when given headers: copy them, or the Cookie is lost.
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  return wrk.format("POST", nil, headers, body)
end
