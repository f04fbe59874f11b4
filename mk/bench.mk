# make bench: the performance figures of the whole suite, measured in one
# run and printed as figures and ratios (never a pass/fail on time).
# Loopback only; every load loop is bounded in count and time.
# See bench/README.md.  BENCH_FLAGS is passed to bench/run.py
# (e.g. BENCH_FLAGS="--duration 5 --skip-scale", or "--only latency,turns"
# for Part 0 alone).

BENCH_FLAGS ?=

# The bare libfcgi responder answering "OK" (the FastCGI hop by itself).
$(B)/bench/minimal_fcgi: bench/minimal_fcgi.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ bench/minimal_fcgi.c -lfcgi

# The bench's cheap stand-in for Twilio's message creation (turns/s).
$(B)/bench/twilio_sink: bench/twilio_sink.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ bench/twilio_sink.c

.PHONY: bench-wrk
# wrk, installed when missing (through sudo when not root).
bench-wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	    if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	    echo "bench: installing wrk"; \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	        --no-install-recommends wrk >/dev/null || \
	    { DEBIAN_FRONTEND=noninteractive $$SUDO apt-get update -qq && \
	      DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	        --no-install-recommends wrk >/dev/null; }; }

bench: deps bench-wrk
	@$(MAKE) --no-print-directory all $(B)/bench/minimal_fcgi \
	    $(B)/bench/twilio_sink
	@B=$(B) python3 bench/run.py $(BENCH_FLAGS)
