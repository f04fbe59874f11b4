-- wrk script: GET the URL given to wrk as an API client of the admin
-- (Bearer BENCH_TOKEN, Accept: application/json) or, when BENCH_COOKIE
-- ("name=token") is set, as a browser (the session cookie, Accept:
-- text/html, so the responder renders the page through the templates).

package.path = (os.getenv("BENCH_DIR") or "bench") .. "/?.lua;" ..
    package.path
require("common")

setup = bench_setup

function init(args)
	local cookie = os.getenv("BENCH_COOKIE") or ""
	local h
	if cookie ~= "" then
		h = { ["Cookie"] = cookie, ["Accept"] = "text/html" }
	else
		h = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
		    ["Accept"] = "application/json" }
	end
	req = wrk.format("GET", nil, h, nil)
	issued = 0
	wrapped = 0
end

function request()
	issued = issued + 1
	return req
end

done = bench_done
