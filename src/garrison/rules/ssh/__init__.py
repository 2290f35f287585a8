"""ssh rules: the OpenSSH server (sshd) configuration, host keys and config file permissions."""

MODULES: tuple[str, ...] = (
    "garrison.rules.ssh.auth",
    "garrison.rules.ssh.forwarding",
    "garrison.rules.ssh.crypto",
    "garrison.rules.ssh.keys",
    "garrison.rules.ssh.session",
    "garrison.rules.ssh.validity",
)
