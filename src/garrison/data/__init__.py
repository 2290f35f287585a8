"""Typed knowledge shared by fact packs, rules and (later) probes: the TLS policy (`garrison.data.tls`), the
SSH algorithm table (`garrison.data.ssh`), the exposure port table (`garrison.data.exposure`), and the
report schema (`schema/`). Pure data and pure functions: nothing here reads a target."""
