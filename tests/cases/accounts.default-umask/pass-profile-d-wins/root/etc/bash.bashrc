# System-wide .bashrc file for interactive bash(1) shells.
umask 0077
