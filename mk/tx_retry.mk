# db_tx against a live PostgreSQL: a real deadlock run again, retries
# given up, other errors not retried.  Skipped without SOPHIE_TEST_PG;
# the integration suite test_tx_retry runs it against its own cluster.
UNIT_TESTS += \
	test_db_tx
