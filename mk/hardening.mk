# Hardening: the soak test that runs one webhook responder under valgrind
# for 10,000 requests (the fuzz targets are in mk/fuzz.mk).
#
#   make soak            needs `make all` first; SOAK_REQUESTS (10000)
.PHONY: soak

# One webhook responder under valgrind behind a real suite: heap after
# 1,000 and after SOAK_REQUESTS requests; fails when definitely-lost
# bytes grow with the count.
SOAK_REQUESTS ?= 10000
soak:
	@B=$(B) python3 tests/soak/soak.py --requests $(SOAK_REQUESTS)
