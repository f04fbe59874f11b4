-- wrk script: POSTs pre-signed Twilio webhook requests, each once.
-- BENCH_REQUESTS names a file of lines "signature<TAB>form body"
-- (bench/run.py writes it: HMAC-SHA1 cannot be computed in wrk's Lua).
-- Thread i of n takes lines i, i+n, ...; past its share it starts over
-- (counted in "wrapped": a repeated MessageSid is stored once).
-- The URL given to wrk is the target (webhook, bare FastCGI, nginx 200).

package.path = (os.getenv("BENCH_DIR") or "bench") .. "/?.lua;" ..
    package.path
require("common")

setup = bench_setup

function init(args)
	local file = os.getenv("BENCH_REQUESTS")
	local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
	local i = 0
	reqs = {}
	for line in io.lines(file) do
		if i % nthreads == id - 1 then
			local tab = line:find("\t", 1, true)
			reqs[#reqs + 1] = wrk.format("POST", nil, {
			    ["Content-Type"] =
			    "application/x-www-form-urlencoded",
			    ["X-Twilio-Signature"] = line:sub(1, tab - 1)
			}, line:sub(tab + 1))
		end
		i = i + 1
	end
	issued = 0
	wrapped = 0
end

function request()
	issued = issued + 1
	if issued > #reqs then
		wrapped = wrapped + 1
	end
	return reqs[(issued - 1) % #reqs + 1]
end

done = bench_done
