-- wrk script: GET the URL given to wrk with a Bearer token (BENCH_TOKEN)
-- and Accept: application/json, as an API client of the admin does.

package.path = (os.getenv("BENCH_DIR") or "bench") .. "/?.lua;" ..
    package.path
require("common")

setup = bench_setup

function init(args)
	req = wrk.format("GET", nil, {
	    ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
	    ["Accept"] = "application/json"
	}, nil)
	issued = 0
	wrapped = 0
end

function request()
	issued = issued + 1
	return req
end

done = bench_done
