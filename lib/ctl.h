/*
 * ctl — the commands of sophiectl, one function each: (argc, argv) with
 * argv[0] the command name.  Each returns the process exit status.
 */
#ifndef SOPHIE_CTL_H
#define SOPHIE_CTL_H

struct ctl_cmd {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*help;
};

int	 ctl_migrate(int, char **);
int	 ctl_demo(int, char **);
int	 ctl_clinic(int, char **);
int	 ctl_user(int, char **);
int	 ctl_superadmin(int, char **);
int	 ctl_whatsapp(int, char **);
int	 ctl_psql(int, char **);
int	 ctl_understand(int, char **);
int	 ctl_chat(int, char **);
int	 ctl_config(int, char **);
int	 ctl_backup(int, char **);
int	 ctl_restore(int, char **);
int	 ctl_import(int, char **);
/* The public holidays of a country and year (no database). */
int	 ctl_holidays(int, char **);

struct app_ctx;
/* Load the settings and connect to the database for a command; prints
 * why on failure.  0, or -1 (nothing left to stop). */
int	 ctl_connect(struct app_ctx *);

struct db;
/* Store a clinic's active WhatsApp config, the token sealed. 0 or -1. */
int	 ctl_whatsapp_store(struct db *, const unsigned char *key,
	    const char *clinic, const char *number, const char *verify,
	    const char *sid, const char *token);

/* Is argv[i] "--help"/"-h" anywhere? */
int	 ctl_wants_help(int, char **);
/* The value after --name, or NULL. */
const char *ctl_opt(int, char **, const char *name);
/* Is the flag --name present? */
int	 ctl_flag(int, char **, const char *name);
/* Directory holding the sql/ files (SOPHIE_SQL_DIR, ./sql, installed). */
const char *ctl_sql_dir(void);

#endif
