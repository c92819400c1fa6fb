"""The exit codes every command returns, in one place: schedulers act on them, and both the
command line and the report runner use them without importing each other."""

EXIT_OK = 0
EXIT_FAILED = 1      # a notebook failed; the last good outputs were kept
EXIT_USAGE = 2       # wrong command line or parameter
EXIT_DATA = 3        # data/ does not validate; nothing was run
EXIT_BUSY = 4        # another report run holds the lock

# What each code means, in the words a failure summary (cron's mail) uses.
MEANING = {
    EXIT_FAILED: "a notebook failed; nothing was published",
    EXIT_USAGE: "usage error: an option, notebook or parameter was refused",
    EXIT_DATA: "data/ does not validate; no notebook was started",
    EXIT_BUSY: "another report run holds the lock",
}
