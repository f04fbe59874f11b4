/*
 * intake — the webhook side of WhatsApp: find the clinic's active
 * configuration, check Twilio's signature, store an inbound message with
 * its conversation and jobs in one statement, record delivery statuses.
 */
#ifndef SOPHIE_INTAKE_H
#define SOPHIE_INTAKE_H

#include "http.h"

/* POST /webhook/whatsapp/{clinicId}: an inbound message. */
void	 intake_message(struct req *);
/*
 * POST /webhook/whatsapp/{clinicId}/status[?k=<message id>]: a delivery
 * status callback; the key the outbox put in the URL records the SID of
 * a message whose sender never heard Twilio's answer.
 */
void	 intake_status(struct req *);
/* GET /webhook/whatsapp/{clinicId}: the verify-token handshake. */
void	 intake_verify(struct req *);

/*
 * Before the first request: open the database connection and prepare the
 * webhook's statements (nothing happens when the database is down).
 */
struct app_ctx;
void	 intake_warm(struct app_ctx *);

/* Is s a canonical lower- or upper-case uuid? */
int	 intake_is_uuid(const char *s);

#endif
