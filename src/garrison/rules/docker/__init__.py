"""docker rules: compose services and Dockerfiles."""

#: Every rule here takes the docker facts first: where the docker pack says its subject is absent
#: (`facts.catalog.SUBJECT_GATES`), an audit does not import these modules (`rules.index.catalog_for`).
SUBJECT = "garrison.facts.docker"

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
