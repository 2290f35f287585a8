"""docker rules: compose services and Dockerfiles."""

MODULES: tuple[str, ...] = (
    "garrison.rules.docker.isolation",
    "garrison.rules.docker.runtime",
    "garrison.rules.docker.images",
    "garrison.rules.docker.secrets",
    "garrison.rules.docker.dockerfiles",
    "garrison.rules.docker.host",
    "garrison.rules.docker.lifecycle",
    "garrison.rules.docker.mounts",
)
