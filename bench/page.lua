-- wrk script: GET the URL given to wrk as a browser does: the session
-- cookie (BENCH_COOKIE, "name=token") and Accept: text/html, so the
-- responder renders the page through the templates.

package.path = (os.getenv("BENCH_DIR") or "bench") .. "/?.lua;" ..
    package.path
require("common")

setup = bench_setup

function init(args)
	req = wrk.format("GET", nil, {
	    ["Cookie"] = os.getenv("BENCH_COOKIE"),
	    ["Accept"] = "text/html"
	}, nil)
	issued = 0
	wrapped = 0
end

function request()
	issued = issued + 1
	return req
end

done = bench_done
