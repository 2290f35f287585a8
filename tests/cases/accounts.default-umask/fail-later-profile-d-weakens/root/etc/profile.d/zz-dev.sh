if [ -n "$DEV" ]; then umask 002; fi
