"""exposure rules: listening ports against the exposure policy (src/garrison/data/exposure.toml)."""

MODULES: tuple[str, ...] = ("garrison.rules.exposure.ports",)
