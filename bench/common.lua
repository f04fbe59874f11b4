-- Shared by the wrk scripts of `make bench`: per-thread counters and one
-- machine-readable summary line ("BENCHJSON {...}") printed by done().
-- Each script sets the global `threads` through bench_setup.

threads = {}
local next_id = 1

function bench_setup(thread)
	thread:set("id", next_id)
	next_id = next_id + 1
	table.insert(threads, thread)
end

local function num(v)
	return string.format("%.3f", v)
end

function bench_done(summary, latency)
	local issued, wrapped = 0, 0
	for _, t in ipairs(threads) do
		issued = issued + (t:get("issued") or 0)
		wrapped = wrapped + (t:get("wrapped") or 0)
	end
	local e = summary.errors
	local secs = summary.duration / 1e6
	io.write("BENCHJSON {",
	    "\"requests\":", summary.requests, ",",
	    "\"issued\":", issued, ",",
	    "\"wrapped\":", wrapped, ",",
	    "\"seconds\":", num(secs), ",",
	    "\"rps\":", num(summary.requests / secs), ",",
	    "\"p50_ms\":", num(latency:percentile(50) / 1000), ",",
	    "\"p99_ms\":", num(latency:percentile(99) / 1000), ",",
	    "\"max_ms\":", num(latency.max / 1000), ",",
	    "\"mean_ms\":", num(latency.mean / 1000), ",",
	    "\"err_status\":", e.status, ",",
	    "\"err_connect\":", e.connect, ",",
	    "\"err_read\":", e.read, ",",
	    "\"err_write\":", e.write, ",",
	    "\"err_timeout\":", e.timeout, "}\n")
end
