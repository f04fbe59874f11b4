# The reception desk (issue 17, items 4-6): appointment detail with its
# messages and status history, move by picking a free slot, cancel after
# a confirmation, undo the same day; patient edit and merge; a new
# appointment from the patient page.  Routes in fcgi-bin/admin.c.
LIB_SRCS += \
	lib/desk_phone.c \
	lib/desk_appt.c \
	lib/desk_patient.c
UNIT_TESTS += \
	test_desk_phone
# Phone numbers typed by staff: a fuzz target (mk/fuzz.mk).
FUZZERS += desk_phone
FUZZ_desk_phone_SRCS = lib/desk_phone.c
FUZZ_desk_phone_LEN  = 256
